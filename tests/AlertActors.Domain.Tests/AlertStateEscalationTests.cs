using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;
using AlertActors.Domain.TimeIntervals;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>
/// Escalation in virtual time (README "Escalation"): each step falls due <c>after</c> from the period's first page,
/// notifies its providers as an incident of its own, and acknowledge or resolve ends what is left and reaches the
/// incidents the steps opened.
/// </summary>
public class AlertStateEscalationTests
{
    private static readonly AlertPolicy Escalating = AlertPolicy.Default with
    {
        RepeatInterval = TimeSpan.Zero,
        AutoResolveAfter = TimeSpan.Zero,
        Escalation =
        [
            new EscalationStep(TimeSpan.FromMinutes(15), [ProviderNames.PagerDuty]),
            new EscalationStep(TimeSpan.FromMinutes(45), [ProviderNames.OpsGenie, ProviderNames.Slack]),
        ],
    };

    private readonly AlertHarness _alert = new() { Routes = new StepRoutes() };
    private readonly SwitchableSilences _silences = new();

    private Decision Fire(string eventId, DateTimeOffset now) =>
        _alert.Record(Trigger(eventId, at: now, policy: Escalating), now);

    private Decision Escalate(DateTimeOffset now) =>
        _alert.Commit(_alert.State.Decide(AlertTimer.Escalation, now, _silences, _alert.Routes));

    private DateTimeOffset? Due => _alert.State.DueAt(AlertTimer.Escalation);

    [Fact]
    public void Each_step_falls_due_after_its_time_from_the_page_and_notifies_its_providers_as_an_incident_of_its_own()
    {
        Fire("e1", At(0));
        Assert.Equal(At(15), Due);

        Assert.Empty(Escalate(At(14)).JournalEvents);
        var first = Escalate(At(15));

        var escalated = first.JournalEvents.OfType<Escalated>().Single();
        Assert.Equal(1, escalated.Step);
        Assert.Equal(
            [new RoutingTarget(ProviderNames.PagerDuty, "escalation-1", Severity.High)],
            escalated.Targets.ToArray()
        );
        var delivery = first.JournalEvents.OfType<DeliveryScheduled>().Single().Delivery;
        Assert.Equal(
            (ProviderNames.PagerDuty, NotificationAction.Trigger),
            (delivery.Provider, delivery.Request.Action)
        );
        Assert.Equal(_alert.State.DedupKey + "/escalation-1", delivery.Request.IncidentKey());
        Assert.Equal("escalation-1", delivery.Request.Target);
        Assert.Equal(At(45), Due);
        Assert.Contains(
            _alert.State.Timeline,
            t => t.Change == "escalated" && t.Note == "escalated to step 1: pagerduty"
        );

        var second = Escalate(At(45));
        Assert.Equal(
            [ProviderNames.OpsGenie, ProviderNames.Slack],
            second.JournalEvents.OfType<DeliveryScheduled>().Select(d => d.Delivery.Provider)
        );
        Assert.All(
            second.JournalEvents.OfType<DeliveryScheduled>(),
            d => Assert.Equal(2, d.Delivery.Request.EscalationStep)
        );
        Assert.Null(Due);
        Assert.Empty(Escalate(At(90)).JournalEvents);
    }

    [Fact]
    public void Escalation_deliveries_do_not_join_the_alerts_own_routing_so_its_acknowledgement_goes_where_its_page_went()
    {
        Fire("e1", At(0));
        Escalate(At(15));

        var ack = _alert.Acknowledge("alice", At(20), "on it");

        var scheduled = ack.JournalEvents.OfType<DeliveryScheduled>().Select(d => d.Delivery.Request).ToList();
        Assert.Equal(
            [(null, "main"), (null, "main"), (1, "escalation-1")],
            scheduled.Select(r => (r.EscalationStep, r.Target ?? "main")).OrderBy(x => x.Item1 ?? 0)
        );
        Assert.All(scheduled, r => Assert.Equal(NotificationAction.Acknowledge, r.Action));
    }

    [Fact]
    public void Acknowledge_cancels_the_steps_left()
    {
        Fire("e1", At(0));
        Escalate(At(15));

        _alert.Acknowledge("alice", At(20));

        Assert.Null(Due);
        Assert.Empty(Escalate(At(45)).JournalEvents);
        Assert.Single(_alert.State.Escalations);
    }

    [Fact]
    public void Resolve_cancels_the_steps_left_and_resolves_every_escalation_incident_the_period_opened()
    {
        Fire("e1", At(0));
        Escalate(At(15));
        Escalate(At(45));

        var resolved = _alert.ResolveByApi("bob", At(50));

        var escalationResolves = resolved
            .JournalEvents.OfType<DeliveryScheduled>()
            .Select(d => d.Delivery)
            .Where(d => d.Request.EscalationStep is not null)
            .ToList();
        Assert.Equal(
            [
                (ProviderNames.PagerDuty, 1, "escalation-1"),
                (ProviderNames.OpsGenie, 2, "escalation-2"),
                (ProviderNames.Slack, 2, "escalation-2"),
            ],
            escalationResolves.Select(d => (d.Provider, d.Request.EscalationStep!.Value, d.Request.Target!))
        );
        Assert.All(escalationResolves, d => Assert.Equal(NotificationAction.Resolve, d.Request.Action));
        Assert.Null(Due);
    }

    [Fact]
    public void An_event_resolve_before_any_step_resolves_no_escalation_incident()
    {
        Fire("e1", At(0));

        var resolved = _alert.Record(Resolve("r1"), At(5));

        Assert.DoesNotContain(
            resolved.JournalEvents.OfType<DeliveryScheduled>(),
            d => d.Delivery.Request.EscalationStep is not null
        );
        Assert.Null(Due);
    }

    [Fact]
    public void A_resolve_of_a_later_pending_period_does_not_resolve_the_escalation_incidents_of_the_period_before_again()
    {
        Fire("e1", At(0));
        Escalate(At(15));
        _alert.ResolveByApi("bob", At(20));
        _alert.Record(Trigger("e2", at: At(30), policy: Escalating with { ThresholdCount = 2 }), At(30));
        Assert.Equal(AlertStatus.Pending, _alert.State.Status);

        var resolved = _alert.Record(Resolve("r2"), At(31));

        Assert.Equal(AlertStatus.Resolved, _alert.State.Status);
        Assert.Empty(resolved.JournalEvents.OfType<DeliveryScheduled>());
    }

    [Fact]
    public void Replaying_the_journal_re_arms_the_next_step_and_never_the_one_taken()
    {
        Fire("e1", At(0));
        Escalate(At(15));

        var recovered = AlertHarness.Replay(_alert.State.DedupKey, _alert.Journal);

        Assert.Equal(At(45), recovered.DueAt(AlertTimer.Escalation));
        Assert.Equal(1, recovered.EscalationStepsTaken);
        Assert.Equal(StateText.Describe(_alert.State), StateText.Describe(recovered));
    }

    [Fact]
    public void A_step_that_falls_due_overdue_after_an_outage_goes_out_once_and_the_next_keeps_its_own_time()
    {
        Fire("e1", At(0));

        var late = Escalate(At(30)); // the node was down from minute 10 to 30

        Assert.Single(late.JournalEvents.OfType<Escalated>());
        Assert.Empty(Escalate(At(31)).JournalEvents);
        Assert.Equal(At(45), Due);
    }

    [Fact]
    public void A_held_page_starts_the_escalation_clock_when_it_goes_out()
    {
        _silences.Current = new Silence("maint", [], At(-10), At(30), "alice", "maintenance");
        _alert.Commit(
            _alert.State.Decide(
                new AlertCommands.RecordOccurrence(_alert.State.DedupKey, Trigger("e1", policy: Escalating)),
                At(0),
                _silences
            )
        );
        Assert.Null(Due); // nobody was paged: nothing to escalate

        _silences.Current = null;
        _alert.Commit(_alert.State.Decide(AlertTimer.OwedNotification, At(30), _silences));

        Assert.Equal(At(45), Due);
    }

    [Fact]
    public void A_silence_at_a_steps_time_holds_it_until_the_silence_ends()
    {
        Fire("e1", At(0));
        _silences.Current = new Silence("maint", [], At(10), At(40), "alice", "maintenance");

        var held = Escalate(At(15));

        Assert.Equal([new EscalationSilenced(At(15), 1, "maint", At(40))], held.JournalEvents);
        Assert.Equal(At(40), Due);
        Assert.Empty(Escalate(At(20)).JournalEvents);

        _silences.Current = null;
        Assert.Single(Escalate(At(40)).JournalEvents.OfType<Escalated>());
        Assert.Equal(At(45), Due);
    }

    [Fact]
    public void A_mute_time_interval_at_a_steps_time_holds_it_until_the_window_ends()
    {
        Fire("e1", At(0));
        var mutes = new SwitchableMutes { Current = new TimeMute("night", At(40)) };

        var held = _alert.Commit(
            _alert.State.Decide(AlertTimer.Escalation, At(15), _silences, _alert.Routes, mutes: mutes)
        );

        Assert.Equal([new EscalationMuted(At(15), 1, "night", At(40))], held.JournalEvents);
        Assert.Equal(At(40), Due);
        Assert.Contains(
            _alert.State.Timeline,
            t => t.Change == "escalation held" && t.Note!.StartsWith("step 1 muted by time interval night")
        );
        Assert.Equal(At(40), AlertHarness.Replay(_alert.State.DedupKey, _alert.Journal).DueAt(AlertTimer.Escalation));

        mutes.Current = null;
        var released = _alert.Commit(
            _alert.State.Decide(AlertTimer.Escalation, At(40), _silences, _alert.Routes, mutes: mutes)
        );
        Assert.Single(released.JournalEvents.OfType<Escalated>());
        Assert.Equal(At(45), Due);
    }

    [Fact]
    public void A_new_firing_period_escalates_from_its_own_page()
    {
        Fire("e1", At(0));
        Escalate(At(15));
        _alert.ResolveByApi("bob", At(20));

        Fire("e2", At(100));

        Assert.Empty(_alert.State.Escalations);
        Assert.Equal(At(115), Due);
    }

    [Fact]
    public void An_alert_without_escalation_steps_never_escalates()
    {
        _alert.Record(Trigger("e1"), At(0));

        Assert.Null(Due);
        Assert.Empty(Escalate(At(600)).JournalEvents);
    }

    /// <summary>An escalation step's trigger goes to <c>escalation-&lt;step&gt;</c>, the alert's own to no
    /// target.</summary>
    private sealed class StepRoutes : IRoutingTargets
    {
        public string? TargetOf(string provider, NotificationRequest request) =>
            request.EscalationStep is { } step ? $"escalation-{step}" : null;
    }

    private sealed class SwitchableSilences : ISilenceLookup
    {
        public Silence? Current { get; set; }

        public Silence? ActiveFor(AlertState alert, DateTimeOffset now) =>
            Current is { } s && s.IsActiveAt(now) ? s : null;
    }

    private sealed class SwitchableMutes : ITimeMutes
    {
        public TimeMute? Current { get; set; }

        public TimeMute? MutedAt(AlertState alert, DateTimeOffset now) => Current;
    }
}
