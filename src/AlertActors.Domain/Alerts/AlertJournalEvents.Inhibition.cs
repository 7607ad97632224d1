namespace AlertActors.Domain.Alerts;

public static partial class AlertJournalEvents
{
    /// <summary>
    /// A firing alert (<paramref name="By"/>, its dedup key) inhibits this one's trigger notification (an inhibit rule,
    /// <c>alertactors.inhibit</c>); it is owed until no firing source inhibits the alert any more, or it resolves.
    /// </summary>
    public sealed record NotificationInhibited(DateTimeOffset At, string By) : IAlertJournalEvent;
}
