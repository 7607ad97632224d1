namespace AlertActors.Domain.Alerts;

/// <summary>What a command comes to: the events to persist, or why it was refused.</summary>
public sealed record Decision(IReadOnlyList<IAlertJournalEvent> JournalEvents, AlertReplies.Rejected? Rejection = null)
{
    public static readonly Decision Nothing = new([]);

    public static Decision Reject(string dedupKey, RejectionReason reason, string message) =>
        new([], new AlertReplies.Rejected(dedupKey, reason, message));
}
