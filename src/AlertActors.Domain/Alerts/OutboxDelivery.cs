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

    /// <summary>After a failed attempt that will be retried: one more attempt, the error as detail.</summary>
    public OutboxDelivery AfterFailedAttempt(string error) => this with { Attempts = Attempts + 1, Detail = error };

    /// <summary>Pending again (an operator retried a dead delivery): its retry budget counts from
    /// <paramref name="at"/>.</summary>
    public OutboxDelivery Requeued(DateTimeOffset at, string by) =>
        this with
        {
            Status = DeliveryStatus.Pending,
            CreatedAt = at,
            CompletedAt = null,
            Detail = $"requeued by {by}",
        };

    /// <summary>After its last attempt: delivered, dry-run or dead.</summary>
    public OutboxDelivery Completed(DeliveryStatus status, DateTimeOffset at, string? detail) =>
        this with
        {
            Status = status,
            Attempts = Attempts + 1,
            CompletedAt = at,
            Detail = detail,
        };
}

/// <summary>What one attempt's outcome makes of a pending outbox delivery (an alert's or a group's).</summary>
public static class OutboxDeliveryOutcomes
{
    /// <summary>
    /// The delivery's status after <paramref name="outcome"/> and the detail to record: delivered, dry-run or dead
    /// (refused for good, or a retryable failure once <paramref name="retryBudget"/> has passed since it was recorded
    /// or requeued); null status: a failed attempt, to be retried (its detail, the error, is then never null).
    /// </summary>
    public static (DeliveryStatus? Completed, string? Detail) Judge(
        this OutboxDelivery delivery,
        DeliveryOutcome outcome,
        DateTimeOffset now,
        TimeSpan? retryBudget
    )
    {
        var outOfBudget = retryBudget is { } budget && now - delivery.CreatedAt >= budget;
        return outcome.Kind switch
        {
            DeliveryOutcomeKind.Delivered => (DeliveryStatus.Delivered, outcome.Detail),
            DeliveryOutcomeKind.DryRun => (DeliveryStatus.DryRun, outcome.Detail),
            DeliveryOutcomeKind.Permanent => (DeliveryStatus.Dead, outcome.Detail),
            _ when outOfBudget => (
                DeliveryStatus.Dead,
                $"retry budget of {retryBudget} exhausted; last error: {outcome.Detail ?? "retryable failure"}"
            ),
            _ => (null, outcome.Detail ?? "retryable failure"),
        };
    }
}
