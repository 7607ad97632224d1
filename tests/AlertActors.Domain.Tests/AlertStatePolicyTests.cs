using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>Threshold, throttle, repeat and auto-resolve (docs/configuration.md "Rules"), decided purely from state and
/// time.</summary>
public class AlertStatePolicyTests
{
    private readonly AlertHarness _alert = new();

    private static AlertPolicy Policy(
        int count = 1,
        int windowMinutes = 1,
        int cooldownMinutes = 5,
        int maxPerHour = 12,
        int repeatMinutes = 240,
        int autoResolveMinutes = 30
    ) =>
        new(
            count,
            TimeSpan.FromMinutes(windowMinutes),
            TimeSpan.FromMinutes(cooldownMinutes),
            maxPerHour,
            TimeSpan.FromMinutes(repeatMinutes),
            TimeSpan.FromMinutes(autoResolveMinutes)
        );

    private static int TriggerRounds(Decision decision) => decision.JournalEvents.OfType<Notified>().Count();

    private static int TriggerRounds(AlertState state) =>
        state.Deliveries.Count(d =>
            d.Provider == ProviderNames.PagerDuty && d.Request.Action == NotificationAction.Trigger
        );

    private static DateTimeOffset AtSeconds(int seconds) => T0.AddSeconds(seconds);

    [Fact]
    public void Below_the_threshold_the_alert_is_pending_and_notifies_nobody()
    {
        var policy = Policy(count: 3, windowMinutes: 1);

        _alert.Record(Trigger("e1", policy: policy), AtSeconds(0));
        _alert.Record(Trigger("e2", policy: policy), AtSeconds(20));

        Assert.Equal(AlertStatus.Pending, _alert.State.Status);
        Assert.Empty(_alert.State.Deliveries);
        Assert.Empty(_alert.State.Timeline);
    }

    [Fact]
    public void The_threshold_counts_occurrences_inside_a_sliding_window()
    {
        var policy = Policy(count: 3, windowMinutes: 1);

        _alert.Record(Trigger("e1", policy: policy), AtSeconds(0));
        _alert.Record(Trigger("e2", policy: policy), AtSeconds(40));
        _alert.Record(Trigger("e3", policy: policy), AtSeconds(70));
        Assert.Equal(AlertStatus.Pending, _alert.State.Status); // e1 fell out of the window

        var decision = _alert.Record(Trigger("e4", policy: policy), AtSeconds(90));

        Assert.Equal(new Fired(AtSeconds(90), 1), decision.JournalEvents.OfType<Fired>().Single());
        Assert.Equal(1, TriggerRounds(decision));
        Assert.Equal(4, _alert.State.Occurrences);
    }

    [Fact]
    public void More_than_twenty_occurrences_within_a_minute_fire_once()
    {
        var policy = Policy(count: 21, windowMinutes: 1);
        for (var i = 0; i < 20; i++)
            _alert.Record(Trigger($"e{i}", policy: policy), AtSeconds(i));
        Assert.Equal(AlertStatus.Pending, _alert.State.Status);

        _alert.Record(Trigger("e20", policy: policy), AtSeconds(20));
        for (var i = 21; i < 40; i++)
            _alert.Record(Trigger($"e{i}", policy: policy), AtSeconds(i));

        Assert.Equal(AlertStatus.Firing, _alert.State.Status);
        Assert.Equal(1, TriggerRounds(_alert.State));
    }

    [Fact]
    public void A_trigger_after_resolve_within_the_cooldown_fires_but_its_notification_is_owed_until_the_budget_allows()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.ResolveByApi("alice", At(1));

        var again = _alert.Record(Trigger("e2"), At(2));

        Assert.Contains(again.JournalEvents, e => e is Fired);
        Assert.IsType<NotificationSuppressed>(again.JournalEvents.Last());
        Assert.Equal(AlertStatus.Firing, _alert.State.Status);
        Assert.True(_alert.State.NotificationOwed);
        Assert.Equal(1, _alert.State.Suppressed);
        Assert.Equal(At(5), _alert.State.DueAt(AlertTimer.OwedNotification));
        Assert.Null(_alert.State.DueAt(AlertTimer.Repeat));

        Assert.Empty(_alert.Timer(AlertTimer.OwedNotification, At(4)).JournalEvents);
        var released = _alert.Timer(AlertTimer.OwedNotification, At(5));

        Assert.Equal(1, TriggerRounds(released));
        Assert.False(_alert.State.NotificationOwed);
        Assert.Equal(2, TriggerRounds(_alert.State));
    }

    [Fact]
    public void A_flap_that_resolves_inside_the_cooldown_sends_neither_its_trigger_nor_its_resolve()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.ResolveByApi("alice", At(1));
        _alert.Record(Trigger("e2"), At(2));

        var resolved = _alert.Record(Resolve("e3"), At(3));

        Assert.Empty(resolved.JournalEvents.OfType<DeliveryScheduled>());
        Assert.Equal(AlertStatus.Resolved, _alert.State.Status);
        Assert.Null(_alert.State.DueAt(AlertTimer.OwedNotification));
        Assert.Equal(1, TriggerRounds(_alert.State));
        Assert.Equal(1, _alert.State.Suppressed);
    }

    [Fact]
    public void Max_per_hour_caps_trigger_rounds_even_when_the_cooldown_has_passed()
    {
        var policy = Policy(cooldownMinutes: 1, maxPerHour: 2, repeatMinutes: 0);
        _alert.Record(Trigger("e1", policy: policy), At(0));
        _alert.ResolveByApi("a", At(1));
        _alert.Record(Trigger("e2", policy: policy), At(2));
        _alert.ResolveByApi("a", At(3));

        var third = _alert.Record(Trigger("e3", policy: policy), At(4));

        Assert.IsType<NotificationSuppressed>(third.JournalEvents.Last());
        Assert.Equal(At(60), _alert.State.DueAt(AlertTimer.OwedNotification));
        Assert.Equal(1, TriggerRounds(_alert.Timer(AlertTimer.OwedNotification, At(60))));
    }

    [Fact]
    public void While_firing_and_unacknowledged_the_alert_repeats_every_repeat_interval()
    {
        var policy = Policy(repeatMinutes: 60, autoResolveMinutes: 0);
        _alert.Record(Trigger("e1", policy: policy), At(0));
        Assert.Equal(At(60), _alert.State.DueAt(AlertTimer.Repeat));

        Assert.Empty(_alert.Timer(AlertTimer.Repeat, At(59)).JournalEvents);
        var repeat = _alert.Timer(AlertTimer.Repeat, At(60));

        Assert.Equal(new Notified(At(60), "repeat"), repeat.JournalEvents[0]);
        Assert.Equal(2, repeat.JournalEvents.OfType<DeliveryScheduled>().Count());
        Assert.Equal(At(120), _alert.State.DueAt(AlertTimer.Repeat));

        _alert.Acknowledge("alice", At(61));
        Assert.Null(_alert.State.DueAt(AlertTimer.Repeat));
        Assert.Empty(_alert.Timer(AlertTimer.Repeat, At(120)).JournalEvents);
    }

    [Fact]
    public void Repeat_interval_zero_never_repeats_and_auto_resolve_zero_never_resolves()
    {
        var policy = Policy(repeatMinutes: 0, autoResolveMinutes: 0);
        _alert.Record(Trigger("e1", policy: policy), At(0));

        Assert.Null(_alert.State.DueAt(AlertTimer.Repeat));
        Assert.Null(_alert.State.DueAt(AlertTimer.AutoResolve));
        foreach (var d in _alert.State.Deliveries.ToList())
            _alert.Outcome(d.Number, new DeliveryOutcome(DeliveryOutcomeKind.Delivered), At(1));
        Assert.False(_alert.State.HasLiveWork);
    }

    [Fact]
    public void Without_occurrences_for_auto_resolve_after_a_firing_alert_resolves_and_tells_the_providers()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.Record(Trigger("e2"), At(10));
        Assert.Equal(At(40), _alert.State.DueAt(AlertTimer.AutoResolve));

        Assert.Empty(_alert.Timer(AlertTimer.AutoResolve, At(39)).JournalEvents);
        var decision = _alert.Timer(AlertTimer.AutoResolve, At(40));

        var resolved = Assert.IsType<Resolved>(decision.JournalEvents[0]);
        Assert.Equal(AlertState.AutoResolver, resolved.By);
        Assert.Equal(
            2,
            decision
                .JournalEvents.OfType<DeliveryScheduled>()
                .Count(d => d.Delivery.Request.Action == NotificationAction.Resolve)
        );
        Assert.Equal(AlertStatus.Resolved, _alert.State.Status);
        Assert.Null(_alert.State.DueAt(AlertTimer.AutoResolve));
    }

    [Fact]
    public void A_pending_alert_that_never_reaches_its_threshold_resolves_quietly()
    {
        var policy = Policy(count: 5, autoResolveMinutes: 30);
        _alert.Record(Trigger("e1", policy: policy), At(0));

        var decision = _alert.Timer(AlertTimer.AutoResolve, At(30));

        Assert.IsType<Resolved>(Assert.Single(decision.JournalEvents));
        Assert.Equal(AlertStatus.Resolved, _alert.State.Status);
        Assert.Empty(_alert.State.Deliveries);
    }

    [Fact]
    public void A_raised_severity_while_firing_notifies_again_subject_to_the_throttle()
    {
        _alert.Record(Trigger("e1", severity: Severity.High), At(0));

        var early = _alert.Record(Trigger("e2", severity: Severity.Critical), At(1));
        Assert.IsType<NotificationSuppressed>(early.JournalEvents.Last());

        var released = _alert.Timer(AlertTimer.OwedNotification, At(5));
        var request = released.JournalEvents.OfType<DeliveryScheduled>().First().Delivery.Request;
        Assert.Equal((NotificationAction.Trigger, Severity.Critical), (request.Action, request.Severity));
    }

    [Fact]
    public void Acknowledging_an_alert_whose_trigger_is_still_owed_cancels_it_and_tells_no_provider()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.ResolveByApi("a", At(1));
        _alert.Record(Trigger("e2"), At(2));

        var acknowledged = _alert.Acknowledge("alice", At(3));

        Assert.Empty(acknowledged.JournalEvents.OfType<DeliveryScheduled>());
        Assert.Null(_alert.State.DueAt(AlertTimer.OwedNotification));
    }

    [Fact]
    public void A_resolved_alert_has_no_live_work_once_its_deliveries_are_done()
    {
        _alert.Record(Trigger("e1"), At(0));
        Assert.True(_alert.State.HasLiveWork);
        _alert.ResolveByApi("a", At(1));
        Assert.True(_alert.State.HasLiveWork);

        foreach (var d in _alert.State.Deliveries.ToList())
            _alert.Outcome(d.Number, new DeliveryOutcome(DeliveryOutcomeKind.Delivered), At(2));

        Assert.False(_alert.State.HasLiveWork);
    }
}
