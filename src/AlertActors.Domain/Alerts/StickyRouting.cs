using System.Collections.Immutable;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// Which providers and routing targets (<see cref="IRoutingTargets"/>) each notification of a firing period goes to, so
/// that no change during an incident (severity, tenant or severity routing, a rule's key or provider list edited in
/// configuration) splits it across services or leaves part of it open (README "Routing of a firing period"):
/// <list type="bullet">
/// <item>the period's first trigger goes to the alert's providers, each where it routes now, and every provider and
/// target it went to is pinned;</item>
/// <item>acknowledgements, resolves and repeats go to exactly the pinned providers and targets;</item>
/// <item>a trigger whose severity is above every severity a provider's pinned targets were sent (escalation) also goes
/// to the route of its own severity when that is another target, which is then pinned too: the new service is paged,
/// the services already paged see the raised severity, and every one of them is acknowledged and resolved with the
/// alert.</item>
/// </list>
/// A provider with one destination is pinned with no target: each call is routed when sent. So is a trigger recorded
/// before targets existed (an older journal), and nothing is added to such a provider on escalation, as before.
/// </summary>
internal static class StickyRouting
{
    /// <summary>The providers a notification goes to: the alert's for the first trigger of a period (or with nothing
    /// pinned), else the pinned ones.</summary>
    /// <param name="firstTrigger">True for the first trigger round of the firing period.</param>
    public static IEnumerable<string> ProvidersOf(AlertState state, NotificationAction action, bool firstTrigger) =>
        action == NotificationAction.Trigger && firstTrigger || state.RoutingTargets.IsEmpty
            ? (state.Group is null ? state.Providers : [ProviderNames.Group])
            : state.RoutingTargets.Select(t => t.Provider).Distinct(StringComparer.Ordinal);

    /// <summary>The targets of one notification to <paramref name="provider"/>; a null target means "routed when
    /// sent".</summary>
    /// <param name="firstTrigger">True for the first trigger round of the firing period.</param>
    public static IReadOnlyList<string?> TargetsOf(
        AlertState state,
        string provider,
        NotificationRequest request,
        bool firstTrigger,
        IRoutingTargets? routes
    )
    {
        if (provider == ProviderNames.Group)
            return [state.GroupKey];
        if (request.Action == NotificationAction.Trigger && firstTrigger)
            return [routes?.TargetOf(provider, request)];
        var pinned = state.RoutingTargets.Where(t => t.Provider == provider).ToList();
        if (pinned.Count == 0 || pinned.Any(t => t.Target is null))
            return [null];
        var targets = pinned.Select(t => t.Target).ToList();
        if (
            request.Action == NotificationAction.Trigger
            && request.Severity > pinned.Max(t => t.Severity)
            && routes?.TargetOf(provider, request) is { } escalated
            && !targets.Contains(escalated)
        )
            targets.Add(escalated);
        return targets;
    }

    /// <summary>The pinned targets after a trigger to <paramref name="provider"/>'s <paramref name="target"/> at
    /// <paramref name="severity"/> was scheduled.</summary>
    public static ImmutableList<RoutingTarget> Pin(
        ImmutableList<RoutingTarget> pinned,
        string provider,
        string? target,
        Severity severity
    )
    {
        var index = pinned.FindIndex(t => t.Provider == provider && t.Target == target);
        if (index < 0)
            return pinned.Add(new RoutingTarget(provider, target, severity));
        return severity > pinned[index].Severity
            ? pinned.SetItem(index, pinned[index] with { Severity = severity })
            : pinned;
    }
}
