using AlertActors.Domain.TimeIntervals;
using static AlertActors.Domain.Alerts.AlertJournalEvents;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// Mute time intervals (a rule's <c>route.mute-during</c>, Alertmanager's <c>mute_time_intervals</c>): inside one, the
/// alert is recorded and fires, but its trigger notification is owed, as one a silence holds back, until the window's
/// end (<see cref="MutedUntil"/>, a persisted due time, so a passivated alert is woken then), when it goes out if the
/// alert still fires unacknowledged (README "Time windows").
/// </summary>
public sealed partial record AlertState
{
    /// <summary>The time interval that holds the owed notification back (null when none does).</summary>
    public string? MutedBy { get; init; }

    /// <summary>When that interval's window ends and the owed notification is looked at again.</summary>
    public DateTimeOffset? MutedUntil { get; init; }

    private AlertState ApplyMuted(NotificationMuted e) =>
        this with
        {
            Suppressed = MutedBy is null ? Suppressed + 1 : Suppressed,
            NotificationOwed = true,
            MutedBy = e.Interval,
            MutedUntil = e.Until,
            SilencedBy = null,
            SilencedUntil = null,
            InhibitedBy = null,
            Timeline =
                MutedBy == e.Interval
                    ? Timeline
                    : Timeline.Add(
                        new TimelineEntry(
                            e.At,
                            "muted",
                            null,
                            $"muted by time interval {e.Interval} until {Rfc3339.Format(e.Until)}"
                        )
                    ),
        };

    /// <summary>
    /// What <paramref name="evt"/>, applied to this state (before) as <paramref name="after"/>, does to a mute: the
    /// firing period's changes end it, and a notification event (sent, throttled, silenced, inhibited) lets go of it
    /// with a <c>released</c> timeline entry saying why. Derived on replay from events already journaled.
    /// </summary>
    private AlertState Unmuting(IAlertJournalEvent evt, AlertState after) =>
        MutedBy is not { } interval
            ? after
            : evt switch
            {
                Fired or Acknowledged or Resolved => after with { MutedBy = null, MutedUntil = null },
                Notified or NotificationSuppressed or NotificationSilenced or NotificationInhibited => after with
                {
                    MutedBy = null,
                    MutedUntil = null,
                    Timeline = after.Timeline.Add(
                        new TimelineEntry(AtOf(evt), "released", null, ReleaseNote(interval, evt))
                    ),
                },
                _ => after,
            };

    private static DateTimeOffset AtOf(IAlertJournalEvent evt) =>
        evt switch
        {
            Notified e => e.At,
            NotificationSuppressed e => e.At,
            NotificationSilenced e => e.At,
            NotificationInhibited e => e.At,
            _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "not a notification event"),
        };

    private static string ReleaseNote(string interval, IAlertJournalEvent evt) =>
        evt switch
        {
            NotificationSilenced e => $"mute by time interval {interval} ended; held by silence {e.SilenceId}",
            NotificationInhibited e => $"mute by time interval {interval} ended; inhibited by {e.By}",
            NotificationSuppressed e => $"mute by time interval {interval} ended; {e.Reason}",
            _ => $"mute by time interval {interval} ended",
        };

    private sealed partial class Draft
    {
        /// <summary>True when a mute time interval of the alert's route holds its notification back now (recorded
        /// unless it is the same mute as before).</summary>
        private bool Muted(DateTimeOffset now)
        {
            if (mutes?.MutedAt(State, now) is not { } mute)
                return false;
            if (mute.Interval != State.MutedBy || mute.Until != State.MutedUntil)
                Add(new NotificationMuted(now, mute.Interval, mute.Until));
            return true;
        }

        /// <summary>The reason a released notification gives: the end of the mute, else the silence's or the
        /// throttle's.</summary>
        private string ReleaseReason() =>
            State.MutedBy is { } interval ? $"mute by time interval {interval} ended"
            : State.SilencedBy is null ? "released by throttle"
            : "silence ended";
    }
}
