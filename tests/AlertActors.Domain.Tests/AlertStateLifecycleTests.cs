using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

public class AlertStateLifecycleTests
{
    private readonly AlertHarness _alert = new();

    [Fact]
    public void A_new_alert_does_not_exist()
    {
        var state = AlertState.Empty("k");

        Assert.False(state.Exists);
        Assert.Equal(AlertStatus.None, state.Status);
        Assert.Equal(1, state.NextDeliveryNumber);
        Assert.Empty(state.Deliveries);
        Assert.Empty(state.Timeline);
    }

    [Fact]
    public void First_trigger_records_fires_and_schedules_one_trigger_delivery_per_provider()
    {
        var decision = _alert.Record(
            Trigger("e1", at: At(-1), severity: Severity.Critical, detailsJson: """{"mac":"aa"}"""),
            At(0)
        );

        Assert.Null(decision.Rejection);
        Assert.Collection(
            decision.JournalEvents,
            e => Assert.Equal(At(0), Assert.IsType<OccurrenceRecorded>(e).ReceivedAt),
            e => Assert.Equal(new Fired(At(0), 1), e),
            e => Assert.Equal(new Notified(At(0), "fired"), e),
            e => AssertScheduled(e, 1, ProviderNames.PagerDuty, NotificationAction.Trigger),
            e => AssertScheduled(e, 2, ProviderNames.OpsGenie, NotificationAction.Trigger)
        );

        var request = ((DeliveryScheduled)decision.JournalEvents[3]).Delivery.Request;
        Assert.Equal(_alert.State.DedupKey, request.DedupKey);
        Assert.Equal("rogue MAC on site-a", request.Summary);
        Assert.Equal(Severity.Critical, request.Severity);
        Assert.Equal("dhcp-watcher/site-a", request.Source);
        Assert.Equal("dhcp.lease.rogue_mac", request.Type);
        Assert.Equal("aa:bb:cc:dd:ee:ff", request.Subject);
        Assert.Equal("acme", request.Tenant);
        Assert.Equal(At(-1), request.Timestamp);
        Assert.Equal("aa", request.Details!.Value.GetProperty("mac").GetString());
        Assert.Equal(At(0), ((DeliveryScheduled)decision.JournalEvents[3]).Delivery.CreatedAt);
    }

    [Fact]
    public void First_trigger_leaves_the_alert_firing_with_its_fields()
    {
        _alert.Record(Trigger("e1", severity: Severity.Critical), At(0));
        var s = _alert.State;

        Assert.True(s.Exists);
        Assert.Equal(AlertStatus.Firing, s.Status);
        Assert.Equal(1, s.FiringPeriod);
        Assert.Equal(1, s.Occurrences);
        Assert.Equal(At(0), s.FirstSeen);
        Assert.Equal(At(0), s.LastSeen);
        Assert.Equal(Severity.Critical, s.Severity);
        Assert.Equal("rogue MAC on site-a", s.Summary);
        Assert.Equal("acme", s.Tenant);
        Assert.Equal("default", s.Rule);
        Assert.Equal(3, s.NextDeliveryNumber);
        Assert.All(s.Deliveries, d => Assert.Equal(DeliveryStatus.Pending, d.Status));
        Assert.Equal([new TimelineEntry(At(0), "firing", null, null)], s.Timeline);
        Assert.Equal(["e1"], s.RecentEventIds);
    }

    [Fact]
    public void Repeat_trigger_while_firing_only_records_the_occurrence()
    {
        _alert.Record(Trigger("e1"), At(0));

        var decision = _alert.Record(Trigger("e2", severity: Severity.High, summary: "worse"), At(3));

        Assert.IsType<OccurrenceRecorded>(Assert.Single(decision.JournalEvents));
        var s = _alert.State;
        Assert.Equal(AlertStatus.Firing, s.Status);
        Assert.Equal(2, s.Occurrences);
        Assert.Equal(At(0), s.FirstSeen);
        Assert.Equal(At(3), s.LastSeen);
        Assert.Equal(Severity.High, s.Severity);
        Assert.Equal("worse", s.Summary);
        Assert.Equal(2, s.Deliveries.Count);
        Assert.Single(s.Timeline);
    }

    [Fact]
    public void Repeat_trigger_while_acknowledged_stays_acknowledged_and_notifies_nobody()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.Acknowledge("alice", At(1));
        var deliveries = _alert.State.Deliveries.Count;

        var decision = _alert.Record(Trigger("e2"), At(2));

        Assert.IsType<OccurrenceRecorded>(Assert.Single(decision.JournalEvents));
        Assert.Equal(AlertStatus.Acknowledged, _alert.State.Status);
        Assert.Equal("alice", _alert.State.AcknowledgedBy);
        Assert.Equal(deliveries, _alert.State.Deliveries.Count);
    }

    [Fact]
    public void Redelivered_event_id_is_dropped()
    {
        _alert.Record(Trigger("e1"), At(0));
        var before = StateText.Describe(_alert.State);

        var decision = _alert.Record(Trigger("e1", at: At(5)), At(5));

        Assert.Same(Decision.Nothing, decision);
        Assert.Null(decision.Rejection);
        Assert.Equal(before, StateText.Describe(_alert.State));
    }

    [Fact]
    public void Redelivered_trigger_after_resolve_does_not_reopen_the_alert()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.Record(Resolve("r1"), At(1));

        Assert.Empty(_alert.Record(Trigger("e1"), At(2)).JournalEvents);
        Assert.Empty(_alert.Record(Resolve("r1"), At(2)).JournalEvents);
        Assert.Equal(AlertStatus.Resolved, _alert.State.Status);
    }

    [Fact]
    public void Resolve_event_while_firing_resolves_and_schedules_resolve_deliveries()
    {
        _alert.Record(Trigger("e1"), At(0));

        var decision = _alert.Record(Resolve("r1", source: "dhcp-watcher/site-b"), At(4));

        Assert.Collection(
            decision.JournalEvents,
            e => Assert.Equal(EventAction.Resolve, Assert.IsType<OccurrenceRecorded>(e).Occurrence.Action),
            e => Assert.Equal(new Resolved(At(4), "event:dhcp-watcher/site-b", null), e),
            e => AssertScheduled(e, 3, ProviderNames.PagerDuty, NotificationAction.Resolve),
            e => AssertScheduled(e, 4, ProviderNames.OpsGenie, NotificationAction.Resolve)
        );
        var s = _alert.State;
        Assert.Equal(AlertStatus.Resolved, s.Status);
        Assert.Equal("event:dhcp-watcher/site-b", s.ResolvedBy);
        Assert.Equal(1, s.Occurrences);
        Assert.Equal(At(0), s.LastSeen);
        Assert.Equal("rogue MAC on site-a", s.Summary);
        Assert.Equal(["firing", "resolved"], s.Timeline.Select(t => t.Change));
    }

    [Fact]
    public void Resolve_event_while_acknowledged_resolves()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.Acknowledge("alice", At(1));

        var decision = _alert.Record(Resolve("r1"), At(2));

        Assert.Contains(decision.JournalEvents, e => e is Resolved);
        Assert.Equal(AlertStatus.Resolved, _alert.State.Status);
    }

    [Fact]
    public void Resolve_event_for_an_unknown_alert_changes_nothing_but_is_remembered()
    {
        var decision = _alert.Record(Resolve("r1"), At(0));

        Assert.Equal([typeof(OccurrenceRecorded)], decision.JournalEvents.Select(e => e.GetType()));
        Assert.Null(decision.Rejection);
        Assert.False(_alert.State.Exists);
        Assert.Contains("r1", _alert.State.RecentEventIds);
    }

    [Fact]
    public void Resolve_event_for_a_resolved_alert_changes_nothing_but_is_remembered()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.Record(Resolve("r1"), At(1));

        Assert.Equal(
            [typeof(OccurrenceRecorded)],
            _alert.Record(Resolve("r2"), At(2)).JournalEvents.Select(e => e.GetType())
        );
        Assert.Equal(
            (AlertStatus.Resolved, "event:dhcp-watcher/site-a", 1L),
            (_alert.State.Status, _alert.State.ResolvedBy, _alert.State.Occurrences)
        );
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_redelivered_resolve_that_changed_nothing_does_not_resolve_a_later_firing(bool alertExistedBefore)
    {
        // Found by the chaos bench: the id of a resolve that changed nothing was not kept, so its redelivery
        // (Kafka after a crash, an ingest retry) closed the next firing period.
        if (alertExistedBefore)
        {
            _alert.Record(Trigger("e1"), At(0));
            _alert.Record(Resolve("r1"), At(1));
        }
        _alert.Record(Resolve("stale"), At(2));
        _alert.Record(Trigger("e2"), At(3));

        Assert.Empty(_alert.Record(Resolve("stale"), At(4)).JournalEvents);
        Assert.Equal(AlertStatus.Firing, _alert.State.Status);
    }

    [Fact]
    public void Trigger_after_resolve_opens_a_new_firing_period_with_new_trigger_deliveries()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.Acknowledge("alice", At(1));
        _alert.ResolveByApi("alice", At(2));

        var decision = _alert.Record(Trigger("e2", summary: "again"), At(10));

        Assert.Collection(
            decision.JournalEvents,
            e => Assert.IsType<OccurrenceRecorded>(e),
            e => Assert.Equal(new Fired(At(10), 2), e),
            e => Assert.Equal(new Notified(At(10), "fired"), e),
            e => AssertScheduled(e, 7, ProviderNames.PagerDuty, NotificationAction.Trigger),
            e => AssertScheduled(e, 8, ProviderNames.OpsGenie, NotificationAction.Trigger)
        );
        var s = _alert.State;
        Assert.Equal(AlertStatus.Firing, s.Status);
        Assert.Equal(2, s.FiringPeriod);
        Assert.Null(s.AcknowledgedBy);
        Assert.Null(s.ResolvedBy);
        Assert.Equal(2, s.Occurrences);
        Assert.Equal(At(0), s.FirstSeen);
        Assert.Equal(["firing", "acknowledged", "resolved", "firing"], s.Timeline.Select(t => t.Change));
        Assert.Equal("again", ((DeliveryScheduled)decision.JournalEvents[3]).Delivery.Request.Summary);
    }

    [Fact]
    public void Trigger_without_providers_fires_without_deliveries()
    {
        var decision = _alert.Record(Trigger("e1", providers: []), At(0));

        Assert.Equal(3, decision.JournalEvents.Count);
        Assert.Equal(AlertStatus.Firing, _alert.State.Status);
        Assert.Empty(_alert.State.Deliveries);
        Assert.Empty(_alert.Acknowledge("alice", At(1)).JournalEvents.OfType<DeliveryScheduled>());
    }

    [Fact]
    public void Recent_event_ids_are_bounded_and_forget_the_oldest()
    {
        var count = AlertState.RecentEventIdCapacity + 44;
        for (var i = 0; i < count; i++)
            _alert.Record(Trigger($"e{i}"), At(i));

        Assert.Equal(AlertState.RecentEventIdCapacity, _alert.State.RecentEventIds.Count);
        Assert.Equal("e44", _alert.State.RecentEventIds[0]);
        Assert.Equal($"e{count - 1}", _alert.State.RecentEventIds[^1]);
        // The newest ids are still recognised; one that aged out counts as a new occurrence.
        Assert.Empty(_alert.Record(Trigger($"e{count - 1}"), At(count)).JournalEvents);
        Assert.Empty(_alert.Record(Trigger("e44"), At(count)).JournalEvents);
        Assert.Single(_alert.Record(Trigger("e0"), At(count)).JournalEvents);
        Assert.Equal(count + 1, _alert.State.Occurrences);
    }

    [Fact]
    public void Apply_refuses_an_unknown_event_type()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AlertState.Empty("k").Apply(new UnknownEvent()));
    }

    private sealed record UnknownEvent : IAlertJournalEvent;

    internal static void AssertScheduled(
        IAlertJournalEvent evt,
        long number,
        string provider,
        NotificationAction action
    )
    {
        var delivery = Assert.IsType<DeliveryScheduled>(evt).Delivery;
        Assert.Equal(number, delivery.Number);
        Assert.Equal(provider, delivery.Provider);
        Assert.Equal(action, delivery.Request.Action);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(0, delivery.Attempts);
    }
}
