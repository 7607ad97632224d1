namespace AlertActors.Domain.Alerts;

public static partial class AlertJournalEvents
{
    /// <summary>
    /// The time interval <paramref name="Interval"/> (the rule's <c>route.mute-during</c>) holds this alert's trigger
    /// notification back until <paramref name="Until"/>, the window's end; it is owed until then, and goes out if the
    /// alert still fires unacknowledged (README "Time windows").
    /// </summary>
    public sealed record NotificationMuted(DateTimeOffset At, string Interval, DateTimeOffset Until)
        : IAlertJournalEvent;
}
