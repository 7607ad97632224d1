using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications;

/// <summary>A provider with more than one destination (PagerDuty: one per routing key), whose calls an alert pins per
/// firing period.</summary>
public interface IRoutingTargetResolver
{
    /// <summary>The routing target <paramref name="request"/> would be sent to now (never a secret); null in
    /// dry-run.</summary>
    string? TargetOf(NotificationRequest request);
}
