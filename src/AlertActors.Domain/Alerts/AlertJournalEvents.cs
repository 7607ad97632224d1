using System.Collections.Immutable;
using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Alerts;

/// <summary>Events the alert entity persists. Each carries its own time, so replay is deterministic.</summary>
public interface IAlertJournalEvent : IAlertMessage;

public static partial class AlertJournalEvents
{
    /// <summary>
    /// One journal event per write of the alert: every domain event decided since the previous write, applied in
    /// order. A new alert's occurrence, firing, notification and scheduled deliveries are one journal row, and so
    /// are a round of delivery outcomes or a hot key's occurrences. Holds no other batch.
    /// </summary>
    public sealed record Batch(ImmutableArray<IAlertJournalEvent> Events) : IAlertJournalEvent;

    /// <summary>
    /// The whole state as of this journal position, written every <c>entity.snapshot-every</c> writes; the events
    /// before it are then deleted, so recovery replays from here. (A snapshot kept in the journal: recovery needs no
    /// snapshot-store read.)
    /// </summary>
    public sealed record Checkpoint(AlertState State) : IAlertJournalEvent;

    public sealed record OccurrenceRecorded(Occurrence Occurrence, DateTimeOffset ReceivedAt) : IAlertJournalEvent;

    /// <summary>
    /// Consecutive occurrences that changed nothing but the counts, as versions before <see cref="Batch"/> journaled a
    /// hot key's occurrences; still applied on replay (each in order), no longer written.
    /// </summary>
    public sealed record OccurrencesRecorded(ImmutableArray<OccurrenceRecorded> Occurrences) : IAlertJournalEvent;

    public sealed record Fired(DateTimeOffset At, int Period) : IAlertJournalEvent;

    /// <param name="WebhookEventId">The provider webhook event that made the change (see
    /// <see cref="AlertCommands.Acknowledge"/>); null otherwise, and in journals written before it existed.</param>
    /// <param name="Origin">The provider whose webhook made the change; null otherwise, and in journals written before
    /// it existed.</param>
    public sealed record Acknowledged(
        DateTimeOffset At,
        string By,
        string? Note,
        string? WebhookEventId = null,
        string? Origin = null
    ) : IAlertJournalEvent;

    /// <param name="WebhookEventId">The provider webhook event that made the change (see
    /// <see cref="AlertCommands.Resolve"/>); null otherwise, and in journals written before it existed.</param>
    /// <param name="Origin">The provider whose webhook made the change; null otherwise, and in journals written before
    /// it existed.</param>
    public sealed record Resolved(
        DateTimeOffset At,
        string By,
        string? Note,
        string? WebhookEventId = null,
        string? Origin = null
    ) : IAlertJournalEvent;

    /// <summary>A trigger notification round went out (counts against the throttle budget).</summary>
    public sealed record Notified(DateTimeOffset At, string Reason) : IAlertJournalEvent;

    /// <summary>The throttle held a trigger notification back; it is owed until the alert resolves.</summary>
    public sealed record NotificationSuppressed(DateTimeOffset At, string Reason) : IAlertJournalEvent;

    /// <summary>A silence held a trigger notification back; it is owed until the silence ends or the alert
    /// resolves.</summary>
    public sealed record NotificationSilenced(DateTimeOffset At, string SilenceId, DateTimeOffset Until)
        : IAlertJournalEvent;

    public sealed record DeliveryScheduled(OutboxDelivery Delivery) : IAlertJournalEvent;

    public sealed record DeliveryAttemptFailed(long DeliveryNumber, DateTimeOffset At, string Error)
        : IAlertJournalEvent;

    public sealed record DeliveryRequeued(long DeliveryNumber, DateTimeOffset At, string By) : IAlertJournalEvent;

    public sealed record DeliveryCompleted(
        long DeliveryNumber,
        DateTimeOffset At,
        DeliveryStatus Status,
        string? Detail
    ) : IAlertJournalEvent;
}
