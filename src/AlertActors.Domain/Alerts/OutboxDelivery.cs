using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// One notification in the alert's outbox: recorded before it is sent, completed when the provider
/// confirmed it (or dry-run recorded it, or refused it for good).
/// </summary>
public sealed record OutboxDelivery(
    long Number,
    string Provider,
    NotificationRequest Request,
    DateTimeOffset CreatedAt,
    DeliveryStatus Status = DeliveryStatus.Pending,
    int Attempts = 0,
    DateTimeOffset? CompletedAt = null,
    string? Detail = null
)
{
    public bool IsPending => Status == DeliveryStatus.Pending;
}
