using System.Collections.Immutable;
using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Alerts;

/// <summary>Events the alert entity persists. Each carries its own time, so replay is deterministic.</summary>
public interface IAlertEvent : IAlertMessage;

public static class AlertEvents
{
    public sealed record OccurrenceRecorded(Occurrence Occurrence, DateTimeOffset ReceivedAt) : IAlertEvent;

    /// <summary>
    /// Consecutive occurrences that changed nothing but the counts, stored as one journal event (a hot key
    /// writes one row per round-trip instead of one per occurrence). Applying it applies each in order.
    /// </summary>
    public sealed record OccurrencesRecorded(ImmutableArray<OccurrenceRecorded> Occurrences) : IAlertEvent;

    public sealed record Fired(DateTimeOffset At, int Period) : IAlertEvent;

    /// <param name="WebhookEventId">The provider webhook event that made the change (see <see cref="AlertCommands.Acknowledge"/>); null otherwise, and in journals written before it existed.</param>
    public sealed record Acknowledged(DateTimeOffset At, string By, string? Note, string? WebhookEventId = null) : IAlertEvent;

    /// <param name="WebhookEventId">The provider webhook event that made the change (see <see cref="AlertCommands.Resolve"/>); null otherwise, and in journals written before it existed.</param>
    public sealed record Resolved(DateTimeOffset At, string By, string? Note, string? WebhookEventId = null) : IAlertEvent;

    /// <summary>A trigger notification round went out (counts against the throttle budget).</summary>
    public sealed record Notified(DateTimeOffset At, string Reason) : IAlertEvent;

    /// <summary>The throttle held a trigger notification back; it is owed until the alert resolves.</summary>
    public sealed record NotificationSuppressed(DateTimeOffset At, string Reason) : IAlertEvent;

    /// <summary>A silence held a trigger notification back; it is owed until the silence ends or the alert resolves.</summary>
    public sealed record NotificationSilenced(DateTimeOffset At, string SilenceId, DateTimeOffset Until) : IAlertEvent;

    public sealed record DeliveryScheduled(Delivery Delivery) : IAlertEvent;

    public sealed record DeliveryAttemptFailed(long DeliveryNumber, DateTimeOffset At, string Error) : IAlertEvent;

    public sealed record DeliveryRequeued(long DeliveryNumber, DateTimeOffset At, string By) : IAlertEvent;

    public sealed record DeliveryCompleted(long DeliveryNumber, DateTimeOffset At, DeliveryStatus Status, string? Detail) : IAlertEvent;
}
