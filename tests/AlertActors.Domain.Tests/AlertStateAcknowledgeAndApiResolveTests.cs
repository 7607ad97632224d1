using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.AlertStateLifecycleTests;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>
/// Acknowledge and resolve through the API (<see cref="AlertCommands.Acknowledge"/>,
/// <see cref="AlertCommands.Resolve"/>): who did it is recorded and each provider notified; a repeat changes nothing,
/// an unknown alert is not found and acknowledging a resolved one is a conflict.
/// </summary>
public class AlertStateAcknowledgeAndApiResolveTests
{
    private readonly AlertHarness _alert = new();

    [Fact]
    public void Acknowledge_while_firing_records_who_and_notifies_each_provider()
    {
        _alert.Record(Trigger("e1"), At(0));

        var decision = _alert.Acknowledge("alice", At(2), note: "looking");

        Assert.Collection(
            decision.JournalEvents,
            e => Assert.Equal(new Acknowledged(At(2), "alice", "looking"), e),
            e => AssertScheduled(e, 3, ProviderNames.PagerDuty, NotificationAction.Acknowledge),
            e => AssertScheduled(e, 4, ProviderNames.OpsGenie, NotificationAction.Acknowledge)
        );
        var request = ((DeliveryScheduled)decision.JournalEvents[1]).Delivery.Request;
        Assert.Equal("alice", request.By);
        Assert.Equal("looking", request.Note);
        Assert.Equal(At(2), request.Timestamp);
        Assert.Equal(AlertStatus.Acknowledged, _alert.State.Status);
        Assert.Equal("alice", _alert.State.AcknowledgedBy);
        Assert.Equal(
            new TimelineEntry(At(2), "acknowledged", "alice", "looking", ChangeVia.Api),
            _alert.State.Timeline[^1]
        );
    }

    [Fact]
    public void Acknowledge_twice_is_idempotent()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.Acknowledge("alice", At(1));

        var again = _alert.Acknowledge("bob", At(2));

        Assert.Empty(again.JournalEvents);
        Assert.Null(again.Rejection);
        Assert.Equal("alice", _alert.State.AcknowledgedBy);
    }

    [Fact]
    public void Acknowledge_of_an_unknown_alert_is_rejected_as_not_found()
    {
        var decision = _alert.Acknowledge("alice", At(0));

        Assert.Empty(decision.JournalEvents);
        Assert.Equal(RejectionReason.NotFound, decision.Rejection?.Reason);
        Assert.Equal(_alert.State.DedupKey, decision.Rejection?.DedupKey);
    }

    [Fact]
    public void Acknowledge_of_a_resolved_alert_is_a_conflict()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.ResolveByApi("bob", At(1));

        var decision = _alert.Acknowledge("alice", At(2));

        Assert.Empty(decision.JournalEvents);
        Assert.Equal(RejectionReason.Conflict, decision.Rejection?.Reason);
        Assert.Contains("resolved", decision.Rejection?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Api_resolve_while_firing_records_who_and_notifies_each_provider()
    {
        _alert.Record(Trigger("e1"), At(0));

        var decision = _alert.ResolveByApi("bob", At(5), note: "fixed the switch");

        Assert.Collection(
            decision.JournalEvents,
            e => Assert.Equal(new Resolved(At(5), "bob", "fixed the switch"), e),
            e => AssertScheduled(e, 3, ProviderNames.PagerDuty, NotificationAction.Resolve),
            e => AssertScheduled(e, 4, ProviderNames.OpsGenie, NotificationAction.Resolve)
        );
        Assert.Equal("bob", ((DeliveryScheduled)decision.JournalEvents[2]).Delivery.Request.By);
        Assert.Equal(AlertStatus.Resolved, _alert.State.Status);
        Assert.Equal("bob", _alert.State.ResolvedBy);
    }

    [Fact]
    public void Api_resolve_of_an_acknowledged_alert_resolves_it()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.Acknowledge("alice", At(1));

        var decision = _alert.ResolveByApi("alice", At(2));

        Assert.Equal(3, decision.JournalEvents.Count);
        Assert.Equal(AlertStatus.Resolved, _alert.State.Status);
    }

    [Fact]
    public void Api_resolve_twice_is_idempotent()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.ResolveByApi("bob", At(1));

        var again = _alert.ResolveByApi("carol", At(2));

        Assert.Empty(again.JournalEvents);
        Assert.Null(again.Rejection);
        Assert.Equal("bob", _alert.State.ResolvedBy);
    }

    [Fact]
    public void Api_resolve_of_an_unknown_alert_is_rejected_as_not_found()
    {
        Assert.Equal(RejectionReason.NotFound, _alert.ResolveByApi("bob", At(0)).Rejection?.Reason);
    }
}
