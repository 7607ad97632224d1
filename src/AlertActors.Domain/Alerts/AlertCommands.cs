namespace AlertActors.Domain.Alerts;

public interface IAlertCommand : IWithDedupKey, IAlertMessage;

/// <summary>Commands the alert entity accepts.</summary>
public static class AlertCommands
{
    /// <summary>
    /// Record one occurrence of the alert (an incoming event a rule matched). The ingest sends it inside a message
    /// envelope that carries its trace context beside it; the command itself holds only the domain.
    /// </summary>
    public sealed record RecordOccurrence(string DedupKey, Occurrence Occurrence) : IAlertCommand;

    /// <param name="Origin">The provider the change came from (a webhook), which is not told about it again.</param>
    /// <param name="WebhookEventId">
    /// The provider's id of the webhook event that carried the change (made unique across providers by the caller, e.g.
    /// <c>pagerduty:&lt;event.id&gt;</c>); one already applied is refused, so a replayed webhook changes nothing. Null:
    /// not a webhook.
    /// </param>
    /// <param name="OccurredAt">When the change happened at the provider; one from before the alert's current period
    /// began is refused.</param>
    public sealed record Acknowledge(
        string DedupKey,
        string By,
        string? Note,
        string? Origin = null,
        string? WebhookEventId = null,
        DateTimeOffset? OccurredAt = null
    ) : IAlertCommand;

    /// <param name="Origin">The provider the change came from (a webhook), which is not told about it again.</param>
    /// <param name="WebhookEventId">As for <see cref="Acknowledge"/>: an id already applied is refused.</param>
    /// <param name="OccurredAt">As for <see cref="Acknowledge"/>: a change from before the current period began is
    /// refused.</param>
    public sealed record Resolve(
        string DedupKey,
        string By,
        string? Note,
        string? Origin = null,
        string? WebhookEventId = null,
        DateTimeOffset? OccurredAt = null
    ) : IAlertCommand;

    /// <summary>Put a dead delivery back in the outbox (an operator's retry from the dead-letter list).</summary>
    public sealed record RequeueDelivery(string DedupKey, long DeliveryNumber, string By) : IAlertCommand;

    public sealed record GetAlert(string DedupKey) : IAlertCommand;

    /// <summary>
    /// Sent by the due-alert scheduler when the alert's next due time (its read-model row's <c>next_due_at</c>) has
    /// come: it decides nothing itself and is not answered. Bringing the alert into memory re-arms its timers from its
    /// persisted state, and the ones that are due fire; an alert already in memory has armed them already.
    /// </summary>
    public sealed record Wake(string DedupKey) : IAlertCommand;
}

/// <summary>Replies of the alert entity.</summary>
public static class AlertReplies
{
    /// <summary>The occurrence is durably recorded (or was a redelivery of one that is).</summary>
    /// <param name="EventId">The (last) occurrence answered; <paramref name="Duplicate"/> is about it.</param>
    /// <param name="DuplicateEventIds">
    /// For a batch of occurrences: the event ids in it that the alert had already recorded (redeliveries);
    /// null from a sender that does not say (then only <paramref name="EventId"/>'s verdict is known).
    /// </param>
    public sealed record OccurrenceAccepted(
        string DedupKey,
        string EventId,
        bool Duplicate,
        IReadOnlyList<string>? DuplicateEventIds = null
    ) : IAlertMessage
    {
        /// <summary>Whether the occurrence with <paramref name="eventId"/> (this one or an earlier one of its batch)
        /// was a redelivery.</summary>
        public bool WasDuplicate(string eventId) =>
            eventId == EventId ? Duplicate : DuplicateEventIds?.Contains(eventId, StringComparer.Ordinal) ?? false;
    }

    /// <summary>The alert as it is now (after the command, if any).</summary>
    /// <remarks><paramref name="SequenceNr"/> is the journal position the state reflects (for read models that
    /// resync).</remarks>
    public sealed record AlertView(AlertState State, long SequenceNr = 0) : IAlertMessage;

    public sealed record Rejected(string DedupKey, RejectionReason Reason, string Message) : IAlertMessage;
}

public enum RejectionReason
{
    NotFound = 0,
    Conflict = 1,
}
