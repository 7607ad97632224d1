using AlertActors.Domain.Events;

namespace AlertActors.Domain.Notifications;

/// <summary>
/// A routing target a firing period's trigger went to (<see cref="IRoutingTargets"/>): acknowledgements, resolves and
/// repeats of the period go to every target pinned for their provider. <paramref name="Severity"/> is the highest severity a
/// trigger to it carried; a trigger above every pinned severity may add the route of its own severity (escalation).
/// </summary>
public sealed record RoutingTarget(string Provider, string Target, Severity Severity);
