using AlertActors.Domain.Alerts;
using AlertActors.Domain.Reports;
using AlertActors.Domain.Rules;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>
/// The postmortem timeline of one firing period (<see cref="PostmortemTimeline.Of"/>): its own timeline entries,
/// whatever their change text, in order with its notifications; the pending start; earlier periods and their stored
/// counts.
/// </summary>
public class PostmortemTimelineTests
{
    private readonly AlertHarness _alert = new();

    [Fact]
    public void A_period_holds_its_entries_of_any_kind_and_its_notifications_in_time_order()
    {
        var threshold = AlertPolicy.Default with { ThresholdCount = 2 };
        _alert.Record(Trigger("e1", policy: threshold), At(0));
        _alert.Record(Trigger("e2", policy: threshold), At(0).AddSeconds(30));
        // An entry another part of the alert records (an escalation step) appears with its own text.
        var state = _alert.State with
        {
            Timeline = _alert.State.Timeline.Add(new TimelineEntry(At(15), "escalation step 1", null, "to opsgenie")),
        };
        var acknowledged = state.Apply(new AlertJournalEvents.Acknowledged(At(20), "alice", "on it"));

        var timeline = PostmortemTimeline.Of(acknowledged)!;

        Assert.Equal(
            [
                (At(0), "first occurrence"),
                (At(0).AddSeconds(30), "firing"),
                (At(0).AddSeconds(30), "notified"),
                (At(0).AddSeconds(30), "notified"),
                (At(15), "escalation step 1"),
                (At(20), "acknowledged"),
            ],
            timeline.Entries.Select(e => (e.At, e.Change))
        );
        Assert.Equal(
            ["pagerduty", "opsgenie"],
            timeline.Entries.Where(e => e.Provider is not null).Select(e => e.Provider)
        );
        Assert.All(
            timeline.Entries.Where(e => e.Provider is not null),
            e => Assert.Equal(("trigger", "pending"), (e.Action, e.Outcome))
        );
        Assert.Equal("api", timeline.Entries[^1].Via);
        Assert.Equal(
            ("acknowledged", 19.5 * 60, (double?)null),
            (timeline.Status, timeline.TimeToAcknowledgeSeconds, timeline.TimeToResolveSeconds)
        );
        Assert.Equal(new OccurrenceSummary(2, At(0), At(0).AddSeconds(30)), timeline.Occurrences);
    }

    [Fact]
    public void An_earlier_period_has_its_own_entries_and_deliveries_and_its_stored_counts()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.ResolveByApi("bob", At(10));
        _alert.Record(Trigger("e2"), At(60));
        var stored = new FiringPeriodRecord(
            _alert.State.DedupKey,
            1,
            "default",
            "acme",
            Events.Severity.Low,
            At(0),
            Occurrences: 7,
            FirstOccurrenceAt: At(0),
            LastOccurrenceAt: At(9)
        );

        var first = PostmortemTimeline.Of(_alert.State, 1, stored)!;
        var latest = PostmortemTimeline.Of(_alert.State)!;

        Assert.Equal((1, 2, "resolved", "low"), (first.Period, first.LatestPeriod, first.Status, first.Severity));
        Assert.Equal(
            ["firing", "notified", "notified", "resolved", "notified", "notified"],
            first.Entries.Select(e => e.Change)
        );
        Assert.Equal(new OccurrenceSummary(7, At(0), At(9)), first.Occurrences);
        Assert.Equal((2, "firing"), (latest.Period, latest.Status));
        Assert.All(latest.Entries, e => Assert.True(e.At >= At(60)));
        Assert.Null(PostmortemTimeline.Of(_alert.State, 3));
        Assert.Null(PostmortemTimeline.Of(AlertState.Empty("never")));
    }
}
