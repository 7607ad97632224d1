namespace AlertActors.Domain.Alerts;

/// <summary>The journal events of remediation (README "Remediation"); each carries its own time.</summary>
public static partial class AlertJournalEvents
{
    /// <summary>
    /// The alert fired and its rule has remediation: attempt 1 is scheduled in the same write. When
    /// <paramref name="PageHeld"/> (<c>page = after-remediation</c>) the trigger notifications are held until the last
    /// attempt failed.
    /// </summary>
    public sealed record RemediationStarted(DateTimeOffset At, int MaxAttempts, bool PageHeld) : IAlertJournalEvent;

    /// <summary>
    /// The endpoint's answer to attempt <paramref name="Attempt"/> of <paramref name="MaxAttempts"/>: success (it
    /// resolved the problem; the alert is resolved in the same write) or failure, with <paramref name="Detail"/> (the
    /// endpoint's <c>detail</c>, the HTTP status or the error; redacted). Written in the same write as what follows
    /// from it (the next attempt, the resolve or the release of the page), so a restart neither loses nor repeats an
    /// answered attempt.
    /// </summary>
    public sealed record RemediationAttempted(
        int Attempt,
        int MaxAttempts,
        bool Succeeded,
        string? Detail,
        DateTimeOffset At
    ) : IAlertJournalEvent;

    /// <summary>Every attempt failed: the held page (if any) is released in the same write.</summary>
    public sealed record RemediationFailed(DateTimeOffset At, int Attempts) : IAlertJournalEvent;

    /// <summary>An acknowledge or resolve ended remediation before it succeeded or gave up: the attempts not yet
    /// answered are cancelled and a held page is dropped. <paramref name="Reason"/>: <c>acknowledged</c> or
    /// <c>resolved</c>.</summary>
    public sealed record RemediationCancelled(DateTimeOffset At, string Reason) : IAlertJournalEvent;
}
