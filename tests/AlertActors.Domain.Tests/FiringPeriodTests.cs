using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Reports;
using AlertActors.Domain.Rules;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>
/// The firing periods an alert's timeline tells (<see cref="AlertState.FiringPeriods"/>): fired, acknowledged by whom,
/// resolved by whom and how; and the response times its decisions measure (<see cref="AlertState.ResponseTimesOf"/>),
/// each once.
/// </summary>
public class FiringPeriodTests
{
    private readonly AlertHarness _alert = new();

    [Fact]
    public void Each_firing_period_records_its_acknowledgement_and_resolve_with_how_it_came()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.Record(Trigger("e2"), At(1));
        _alert.Acknowledge("alice", At(4));
        _alert.ResolveByApi("bob", At(30));
        _alert.Record(Trigger("e3"), At(60));
        _alert.Record(Resolve("r1", source: "dhcp-watcher/site-b"), At(75));
        _alert.Record(Trigger("e4"), At(100));
        _alert.Commit(
            _alert.State.Decide(
                new AlertCommands.Resolve(
                    _alert.State.DedupKey,
                    "Jane",
                    "via PagerDuty",
                    ProviderNames.PagerDuty,
                    "pd:1"
                ),
                At(101)
            )
        );
        _alert.Record(Trigger("e5", policy: AlertPolicy.Default), At(200));
        _alert.Record(Trigger("e6"), At(210));
        _alert.Timer(AlertTimer.AutoResolve, At(240));
        _alert.Record(Trigger("e7"), At(300));

        var periods = _alert.State.FiringPeriods();

        Assert.Equal(
            [
                new FiringPeriodRecord(
                    Key,
                    1,
                    "default",
                    "acme",
                    Severity.High,
                    At(0),
                    At(4),
                    "alice",
                    At(30),
                    "bob",
                    "api"
                ),
                new FiringPeriodRecord(
                    Key,
                    2,
                    "default",
                    "acme",
                    Severity.High,
                    At(60),
                    null,
                    null,
                    At(75),
                    "event:dhcp-watcher/site-b",
                    "event"
                ),
                new FiringPeriodRecord(
                    Key,
                    3,
                    "default",
                    "acme",
                    Severity.High,
                    At(100),
                    null,
                    null,
                    At(101),
                    "Jane",
                    "webhook"
                ),
                new FiringPeriodRecord(
                    Key,
                    4,
                    "default",
                    "acme",
                    Severity.High,
                    At(200),
                    null,
                    null,
                    At(240),
                    "auto-resolve",
                    "auto-resolve"
                ),
                new FiringPeriodRecord(
                    Key,
                    5,
                    "default",
                    "acme",
                    Severity.High,
                    At(300),
                    Occurrences: 1,
                    FirstOccurrenceAt: At(300),
                    LastOccurrenceAt: At(300)
                ),
            ],
            periods
        );
        Assert.Equal(TimeSpan.FromMinutes(4), periods[0].TimeToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(30), periods[0].TimeToResolve);
        Assert.True(periods[3].NeverAcknowledged);
        Assert.False(periods[4].NeverAcknowledged);

        // The latest period knows its occurrences until the next one begins; the timeline of each is its own.
        _alert.Record(Trigger("e8"), At(301));
        Assert.Equal((2L, At(300), At(301)), Counts(_alert.State.FiringPeriods()[^1]));
        Assert.Equal(["firing", "resolved"], _alert.State.TimelineOf(4)!.Select(e => e.Change));
        Assert.Null(_alert.State.TimelineOf(6));
    }

    [Fact]
    public void A_pending_period_after_a_resolve_does_not_lend_its_counts_to_the_last_fired_one()
    {
        var threshold = AlertPolicy.Default with { ThresholdCount = 3 };
        _alert.Record(Trigger("e1", policy: threshold), At(0));
        _alert.Record(Trigger("e2", policy: threshold), At(0));
        _alert.Record(Trigger("e3", policy: threshold), At(0));
        _alert.ResolveByApi("bob", At(5));
        _alert.Record(Trigger("e4", policy: threshold), At(9));

        var only = Assert.Single(_alert.State.FiringPeriods());

        Assert.Equal((1, At(5)), (only.Period, only.ResolvedAt));
        Assert.Equal(((long?)null, (DateTimeOffset?)null, (DateTimeOffset?)null), Counts(only));
    }

    [Fact]
    public void Response_times_are_measured_once_each_from_the_periods_firing()
    {
        _alert.Record(Trigger("e1", severity: Severity.Critical), At(0));

        var before = _alert.State;
        var ack = _alert.Acknowledge("alice", At(3));
        var tta = Assert.Single(before.ResponseTimesOf(ack.JournalEvents));
        Assert.Equal(
            new ResponseTime(
                ResponseMeasure.Acknowledge,
                TimeSpan.FromMinutes(3),
                Key,
                1,
                "default",
                "acme",
                Severity.Critical
            ),
            tta
        );

        // A second acknowledge decides nothing, so measures nothing.
        before = _alert.State;
        Assert.Empty(before.ResponseTimesOf(_alert.Acknowledge("bob", At(4)).JournalEvents));

        before = _alert.State;
        var resolve = _alert.ResolveByApi("bob", At(50));
        var ttr = Assert.Single(before.ResponseTimesOf(resolve.JournalEvents));
        Assert.Equal((ResponseMeasure.Resolve, TimeSpan.FromMinutes(50)), (ttr.Measure, ttr.Elapsed));

        // One write holding both (as a batch) measures both.
        var fresh = new AlertHarness();
        fresh.Record(Trigger("e1"), At(0));
        var journal = new List<IAlertJournalEvent>();
        var state = fresh.State;
        journal.AddRange(fresh.Acknowledge("alice", At(2)).JournalEvents);
        journal.AddRange(fresh.ResolveByApi("alice", At(7)).JournalEvents);
        Assert.Equal(
            [ResponseMeasure.Acknowledge, ResponseMeasure.Resolve],
            state.ResponseTimesOf([new Batch([.. journal])]).Select(t => t.Measure)
        );
    }

    [Fact]
    public void A_pending_alert_that_resolves_never_fired_and_measures_nothing()
    {
        var threshold = AlertPolicy.Default with { ThresholdCount = 5 };
        _alert.Record(Trigger("e1", policy: threshold), At(0));

        var before = _alert.State;
        var resolve = _alert.ResolveByApi("bob", At(2));

        Assert.Empty(before.ResponseTimesOf(resolve.JournalEvents));
        Assert.Empty(_alert.State.FiringPeriods());
    }

    [Fact]
    public void Entries_journaled_before_via_existed_infer_it_from_who()
    {
        Assert.Equal("auto-resolve", ChangeVia.Of(new TimelineEntry(At(0), "resolved", "auto-resolve", null)));
        Assert.Equal("event", ChangeVia.Of(new TimelineEntry(At(0), "resolved", "event:watcher", null)));
        Assert.Equal("api", ChangeVia.Of(new TimelineEntry(At(0), "resolved", "alice", null)));
        Assert.Equal("webhook", ChangeVia.Of(new TimelineEntry(At(0), "resolved", "alice", null, "webhook")));
        // A webhook change without an event id is still one.
        Assert.Equal("webhook", ChangeVia.Of("Jane", origin: "opsgenie"));
    }

    private const string Key = "acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff";

    private static (long?, DateTimeOffset?, DateTimeOffset?) Counts(FiringPeriodRecord p) =>
        (p.Occurrences, p.FirstOccurrenceAt, p.LastOccurrenceAt);
}
