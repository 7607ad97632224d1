using AlertActors.Domain.Events;

namespace AlertActors.Domain.Notifications;

/// <summary>
/// Where a firing period's trigger went (<see cref="IRoutingTargets"/>): one provider and, for a provider with several
/// destinations, the target (null: the provider's one destination, or a trigger recorded before targets existed, which
/// is routed when sent). Acknowledgements, resolves and repeats of the period go to every provider and target pinned
/// for it.
/// <paramref name="Severity"/> is the highest severity a trigger to it carried; a trigger above every pinned severity
/// may add the route of its own severity (escalation).
/// </summary>
public sealed record RoutingTarget(string Provider, string? Target, Severity Severity);
