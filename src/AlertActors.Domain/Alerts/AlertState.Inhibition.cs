using System.Collections.Immutable;
using AlertActors.Domain.Inhibition;
using static AlertActors.Domain.Alerts.AlertJournalEvents;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// Inhibition (<c>alertactors.inhibit</c>, Alertmanager's inhibit rules): while a firing alert inhibits this one, its
/// trigger notification is owed, as one a silence holds back, and goes out once no source inhibits it any more.
/// </summary>
public sealed partial record AlertState
{
    /// <summary>The dedup key of the firing alert that holds the owed notification back (null when none
    /// does).</summary>
    public string? InhibitedBy { get; init; }

    /// <summary>A silence or an inhibition holds the owed notification back: only a live alert notices its
    /// end.</summary>
    public bool IsHeldBack => SilencedBy is not null || InhibitedBy is not null;

    private AlertState ApplyInhibited(NotificationInhibited e) =>
        this with
        {
            Suppressed = InhibitedBy is null ? Suppressed + 1 : Suppressed,
            NotificationOwed = true,
            InhibitedBy = e.By,
            SilencedBy = null,
            SilencedUntil = null,
            Timeline = Timeline.Add(new TimelineEntry(e.At, "inhibited", null, $"inhibited by {e.By}")),
        };

    /// <summary>
    /// The timeline, with a <c>released</c> entry at <paramref name="at"/> when this notification event (sent,
    /// throttled or silenced) lets go of an inhibited one; <paramref name="note"/> is why, e.g. the release reason
    /// <c>inhibition by &lt;dedup key&gt; ended</c>. Derived on replay from events already journaled.
    /// </summary>
    private ImmutableList<TimelineEntry> TimelineReleasing(DateTimeOffset at, string note) =>
        InhibitedBy is null ? Timeline : Timeline.Add(new TimelineEntry(at, "released", null, note));

    private sealed partial class Draft
    {
        /// <summary>True when a firing source inhibits the alert now (recorded unless it is the same one as
        /// before); an unknown verdict (the node does not know the sources yet) does not hold a new notification
        /// back.</summary>
        private bool Inhibited(DateTimeOffset now)
        {
            if (inhibitions?.Check(State) is not { Known: true, InhibitedBy: { } by })
                return false;
            if (by != State.InhibitedBy)
                Add(new NotificationInhibited(now, by));
            return true;
        }

        /// <summary>
        /// An inhibited notification goes out (through the silences and the throttle) once no source inhibits the
        /// alert; while this node does not know the sources yet it stays held back.
        /// </summary>
        private void ReleaseInhibited(DateTimeOffset now)
        {
            var check = inhibitions?.Check(State) ?? InhibitionCheck.NotInhibited;
            if (!check.Known)
                return;
            if (check.InhibitedBy is { } by)
            {
                if (by != State.InhibitedBy)
                    Add(new NotificationInhibited(now, by));
                return;
            }
            NotifyOrThrottle(now, $"inhibition by {State.InhibitedBy} ended");
        }
    }
}
