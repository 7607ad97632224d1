using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>
/// Sticky routing (README "Routing of a firing period"): acknowledge, resolve and repeat notifications of a firing
/// period go to exactly the routing targets its trigger went to, whatever changes meanwhile; a severity raised into
/// another route pages that route too, and from then on both get everything.
/// </summary>
public class AlertStateRoutingTests
{
    private const string C = "severity:critical#cccccccccccccccc";
    private const string D = "default#dddddddddddddddd";
    private const string E = "severity:critical#eeeeeeeeeeeeeeee";

    /// <summary>PagerDuty as configured with <c>by-severity { critical = C }</c> and the default key D; one destination
    /// for OpsGenie.</summary>
    private sealed class SeverityRoutes : IRoutingTargets
    {
        public string Critical { get; set; } = C;

        public string Default { get; set; } = D;

        public string? TargetOf(string provider, NotificationRequest request) =>
            provider != ProviderNames.PagerDuty ? null
            : request.Severity == Severity.Critical ? Critical
            : Default;
    }

    private readonly SeverityRoutes _routes = new();
    private readonly AlertHarness _alert;

    public AlertStateRoutingTests() => _alert = new AlertHarness { Routes = _routes };

    private static IEnumerable<(string Provider, NotificationAction Action, string? Target)> Calls(Decision decision) =>
        decision
            .JournalEvents.OfType<DeliveryScheduled>()
            .Select(s => (s.Delivery.Provider, s.Delivery.Request.Action, s.Delivery.Request.Target));

    private static IEnumerable<string?> PagerDutyTargets(Decision decision, NotificationAction action) =>
        Calls(decision).Where(c => c.Provider == ProviderNames.PagerDuty && c.Action == action).Select(c => c.Target);

    [Fact]
    public void Critical_then_lowered_to_high_resolves_where_it_triggered()
    {
        Assert.Equal(
            [C],
            PagerDutyTargets(
                _alert.Record(Trigger("e1", severity: Severity.Critical), At(0)),
                NotificationAction.Trigger
            )
        );
        Assert.Empty(Calls(_alert.Record(Trigger("e2", severity: Severity.High), At(10))));

        var resolve = _alert.Record(Resolve("e3"), At(11));

        Assert.Equal([C], PagerDutyTargets(resolve, NotificationAction.Resolve));
        Assert.Equal(
            [(ProviderNames.OpsGenie, NotificationAction.Resolve, (string?)null)],
            Calls(resolve).Where(c => c.Provider == ProviderNames.OpsGenie)
        );
    }

    [Fact]
    public void High_raised_to_critical_pages_the_critical_route_too_and_resolves_both()
    {
        Assert.Equal(
            [D],
            PagerDutyTargets(_alert.Record(Trigger("e1", severity: Severity.High), At(0)), NotificationAction.Trigger)
        );

        var escalation = _alert.Record(Trigger("e2", severity: Severity.Critical), At(10));

        Assert.Equal([D, C], PagerDutyTargets(escalation, NotificationAction.Trigger));
        Assert.All(
            escalation.JournalEvents.OfType<DeliveryScheduled>(),
            s => Assert.Equal(Severity.Critical, s.Delivery.Request.Severity)
        );
        Assert.Equal([D, C], PagerDutyTargets(_alert.Acknowledge("alice", At(11)), NotificationAction.Acknowledge));
        Assert.Equal([D, C], PagerDutyTargets(_alert.ResolveByApi("alice", At(12)), NotificationAction.Resolve));
    }

    [Fact]
    public void A_raised_severity_whose_route_is_already_pinned_triggers_once()
    {
        _routes.Critical = D;
        _alert.Record(Trigger("e1", severity: Severity.High), At(0));

        Assert.Equal(
            [D],
            PagerDutyTargets(
                _alert.Record(Trigger("e2", severity: Severity.Critical), At(10)),
                NotificationAction.Trigger
            )
        );
        Assert.Equal([D], PagerDutyTargets(_alert.Record(Resolve("e3"), At(11)), NotificationAction.Resolve));
    }

    [Fact]
    public void A_raised_severity_held_back_by_the_throttle_pages_the_new_route_when_released()
    {
        _alert.Record(Trigger("e1", severity: Severity.High), At(0));
        var held = _alert.Record(Trigger("e2", severity: Severity.Critical), At(1));
        Assert.Contains(held.JournalEvents, e => e is NotificationSuppressed);

        var released = _alert.Timer(AlertTimer.OwedNotification, At(5));

        Assert.Equal([D, C], PagerDutyTargets(released, NotificationAction.Trigger));
    }

    [Fact]
    public void Nothing_edited_in_configuration_mid_incident_moves_its_repeats_acknowledgements_or_resolve()
    {
        _alert.Record(Trigger("e1", severity: Severity.Critical), At(0));
        _routes.Critical = E; // the operator points critical somewhere else and restarts
        _routes.Default = E;

        Assert.Equal([C], PagerDutyTargets(_alert.Timer(AlertTimer.Repeat, At(240)), NotificationAction.Trigger));
        Assert.Equal([C], PagerDutyTargets(_alert.Acknowledge("bob", At(241)), NotificationAction.Acknowledge));
        Assert.Equal([C], PagerDutyTargets(_alert.Record(Resolve("e2"), At(242)), NotificationAction.Resolve));
    }

    [Fact]
    public void A_route_edited_after_an_escalation_does_not_add_a_third_service()
    {
        _alert.Record(Trigger("e1", severity: Severity.High), At(0));
        _alert.Record(Trigger("e2", severity: Severity.Critical), At(10));
        _routes.Critical = E;

        Assert.Equal([D, C], PagerDutyTargets(_alert.Timer(AlertTimer.Repeat, At(250)), NotificationAction.Trigger));
    }

    [Fact]
    public void The_next_firing_period_is_routed_afresh()
    {
        _alert.Record(Trigger("e1", severity: Severity.Critical), At(0));
        _alert.Record(Resolve("e2"), At(1));

        Assert.Equal(
            [D],
            PagerDutyTargets(_alert.Record(Trigger("e3", severity: Severity.High), At(10)), NotificationAction.Trigger)
        );
        Assert.Equal([D], PagerDutyTargets(_alert.Record(Resolve("e4"), At(11)), NotificationAction.Resolve));
    }

    [Fact]
    public void The_pinned_targets_are_part_of_the_persisted_state_and_survive_a_replay()
    {
        _alert.Record(Trigger("e1", severity: Severity.High), At(0));
        _alert.Record(Trigger("e2", severity: Severity.Critical), At(10));
        _alert.Record(Trigger("e3", severity: Severity.Low), At(11));

        var recovered = AlertHarness.Replay(_alert.State.DedupKey, _alert.Journal);

        Assert.Equal(
            [
                new RoutingTarget(ProviderNames.PagerDuty, D, Severity.Critical),
                new RoutingTarget(ProviderNames.OpsGenie, null, Severity.Critical),
                new RoutingTarget(ProviderNames.PagerDuty, C, Severity.Critical),
            ],
            recovered.RoutingTargets
        );
        var resolve = recovered.Decide(new AlertCommands.Resolve(recovered.DedupKey, "auto", null), At(12));
        Assert.Equal([D, C], PagerDutyTargets(resolve, NotificationAction.Resolve));
    }

    [Fact]
    public void A_period_notified_before_targets_were_recorded_keeps_routing_each_call_when_it_is_sent()
    {
        _alert.Routes = null; // an older journal: its trigger delivery has no target
        _alert.Record(Trigger("e1", severity: Severity.High), At(0));
        _alert.Routes = _routes;

        Assert.All(_alert.State.RoutingTargets, t => Assert.Null(t.Target));
        Assert.Equal(
            [(string?)null],
            PagerDutyTargets(
                _alert.Record(Trigger("e2", severity: Severity.Critical), At(10)),
                NotificationAction.Trigger
            )
        );
        Assert.Equal(
            [(string?)null],
            PagerDutyTargets(_alert.Record(Resolve("e3"), At(11)), NotificationAction.Resolve)
        );
        Assert.Equal(
            [C],
            PagerDutyTargets(
                _alert.Record(Trigger("e4", severity: Severity.Critical), At(20)),
                NotificationAction.Trigger
            )
        );
    }

    [Fact]
    public void A_provider_removed_from_the_rule_mid_incident_still_gets_the_acknowledgement_and_the_resolve()
    {
        _alert.Record(Trigger("e1", severity: Severity.Critical), At(0));
        _alert.Record(Trigger("e2", severity: Severity.Critical, providers: [ProviderNames.OpsGenie]), At(1)); // the rule now says opsgenie only

        Assert.Equal(
            [
                (ProviderNames.PagerDuty, NotificationAction.Acknowledge, C),
                (ProviderNames.OpsGenie, NotificationAction.Acknowledge, null),
            ],
            Calls(_alert.Acknowledge("alice", At(2)))
        );
        Assert.Equal(
            [
                (ProviderNames.PagerDuty, NotificationAction.Resolve, C),
                (ProviderNames.OpsGenie, NotificationAction.Resolve, null),
            ],
            Calls(_alert.Record(Resolve("e3"), At(3)))
        );
    }

    [Fact]
    public void A_provider_added_to_the_rule_mid_incident_is_told_from_the_next_firing_period()
    {
        _alert.Record(Trigger("e1", providers: [ProviderNames.OpsGenie]), At(0));
        _alert.Record(Trigger("e2"), At(1)); // the rule now says pagerduty and opsgenie

        Assert.Equal(
            [(ProviderNames.OpsGenie, NotificationAction.Trigger, (string?)null)],
            Calls(_alert.Timer(AlertTimer.Repeat, At(240)))
        );
        Assert.Equal(
            [(ProviderNames.OpsGenie, NotificationAction.Resolve, (string?)null)],
            Calls(_alert.Record(Resolve("e3"), At(241)))
        );
        Assert.Equal(
            [ProviderNames.PagerDuty, ProviderNames.OpsGenie],
            Calls(_alert.Record(Trigger("e4"), At(250))).Select(c => c.Provider)
        );
    }

    [Fact]
    public void A_dead_trigger_to_one_service_can_be_retried_after_another_service_got_a_later_call()
    {
        _alert.Record(Trigger("e1", severity: Severity.High), At(0));
        var escalation = _alert.Record(Trigger("e2", severity: Severity.Critical), At(10));
        var toC = escalation
            .JournalEvents.OfType<DeliveryScheduled>()
            .Single(s => s.Delivery.Request.Target == C)
            .Delivery.Number;
        _alert.Outcome(toC, new DeliveryOutcome(DeliveryOutcomeKind.Permanent, "HTTP 400"), At(11));
        foreach (var pending in _alert.State.Deliveries.Where(d => d.IsPending).ToList())
            _alert.Outcome(pending.Number, new DeliveryOutcome(DeliveryOutcomeKind.Delivered), At(12));
        _alert.ResolveByApi("alice", At(13));
        foreach (var pending in _alert.State.Deliveries.Where(d => d.IsPending && d.Request.Target == D).ToList())
            _alert.Outcome(pending.Number, new DeliveryOutcome(DeliveryOutcomeKind.Delivered), At(14));

        var retry = _alert.State.Decide(new AlertCommands.RequeueDelivery(_alert.State.DedupKey, toC, "alice"), At(15));

        Assert.Null(retry.Rejection);
    }
}
