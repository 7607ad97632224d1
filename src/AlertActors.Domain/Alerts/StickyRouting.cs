using System.Collections.Immutable;
using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// Which routing targets (<see cref="IRoutingTargets"/>) each notification of a firing period goes to, so that no
/// change during an incident (severity, tenant or severity routing, a rule edited in configuration) splits it across
/// services (README "Routing of a firing period"):
/// <list type="bullet">
/// <item>the period's first trigger goes where the provider routes it now, and that target is pinned;</item>
/// <item>acknowledgements, resolves and repeats go to every target pinned for the provider;</item>
/// <item>a trigger whose severity is above every severity the pinned targets were sent (escalation) also goes to the
/// route of its own severity when that is another target, which is then pinned too: the new service is paged, the
/// services already paged see the raised severity, and every one of them is acknowledged and resolved with the alert.</item>
/// </list>
/// A provider without targets (one destination), and a period whose trigger went out before targets were recorded (an
/// older journal), get one call with no target: the provider routes it when it sends it, as before.
/// </summary>
internal static class StickyRouting
{
    /// <summary>The targets of one notification to <paramref name="provider"/>; a null target means "routed when sent".</summary>
    /// <param name="firstTrigger">True for the first trigger round of the firing period.</param>
    public static IReadOnlyList<string?> TargetsOf(AlertState state, string provider, NotificationRequest request, bool firstTrigger, IRoutingTargets? routes)
    {
        if (request.Action == NotificationAction.Trigger && firstTrigger) return [routes?.TargetOf(provider, request)];
        var pinned = state.RoutingTargets.Where(t => t.Provider == provider).ToList();
        if (pinned.Count == 0) return [null];
        var targets = pinned.Select(t => (string?)t.Target).ToList();
        if (request.Action == NotificationAction.Trigger && request.Severity > pinned.Max(t => t.Severity)
            && routes?.TargetOf(provider, request) is { } escalated && !targets.Contains(escalated))
            targets.Add(escalated);
        return targets;
    }

    /// <summary>The pinned targets after a trigger to <paramref name="target"/> at <paramref name="severity"/> was scheduled.</summary>
    public static ImmutableList<RoutingTarget> Pin(ImmutableList<RoutingTarget> pinned, string provider, string target, Events.Severity severity)
    {
        var index = pinned.FindIndex(t => t.Provider == provider && t.Target == target);
        if (index < 0) return pinned.Add(new RoutingTarget(provider, target, severity));
        return severity > pinned[index].Severity ? pinned.SetItem(index, pinned[index] with { Severity = severity }) : pinned;
    }
}
