namespace AlertActors.Domain.Notifications;

/// <summary>
/// Where a provider would deliver a notification if it were sent now (its route by rule, tenant and severity), as a
/// routing target: a stable, non-secret name for one destination, e.g. PagerDuty's
/// <c>severity:critical#1a2b3c4d5e6f7a8b</c> (the route that chose the routing key and a fingerprint of the key, never
/// the key). The alert pins the targets its trigger went to for the firing period (README "Routing of a firing
/// period").
/// </summary>
public interface IRoutingTargets
{
    /// <summary>The target <paramref name="provider"/> would send <paramref name="request"/> to now; null when it has
    /// one destination (nothing to pin) or none (dry-run).</summary>
    string? TargetOf(string provider, NotificationRequest request);
}

/// <summary>No routing targets: every call is routed when it is sent (tests, and nodes without routed
/// providers).</summary>
public sealed class NoRoutingTargets : IRoutingTargets
{
    public static readonly NoRoutingTargets Instance = new();

    private NoRoutingTargets() { }

    public string? TargetOf(string provider, NotificationRequest request) => null;
}
