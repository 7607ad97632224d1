using Akka.Actor;
using Akka.TestKit;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Delivery;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The alert entity's outbox: each delivery is sent once per provider, in lifecycle order, retried after a backoff and
/// after a restart, and logged when it goes dead.
/// </summary>
public sealed class AlertEntityDeliverySpec : AlertEntitySpec
{
    [Fact]
    public void A_trigger_is_acknowledged_after_the_write_and_sent_to_every_provider_once()
    {
        var entity = StartEntity();

        entity.Tell(Trigger("e1"));
        Assert.False(ExpectMsg<AlertReplies.OccurrenceAccepted>().Duplicate);
        var sent = _dispatcher.ReceiveN(2).Cast<Deliver>().OrderBy(d => d.Number).ToList();
        Assert.Equal(
            [(1L, ProviderNames.PagerDuty), (2L, ProviderNames.OpsGenie)],
            sent.Select(d => (d.Number, d.Provider))
        );
        Assert.All(sent, d => Assert.Equal(NotificationAction.Trigger, d.Request.Action));

        entity.Tell(Trigger("e2"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        entity.Tell(Trigger("e2"));
        Assert.True(ExpectMsg<AlertReplies.OccurrenceAccepted>().Duplicate);
        _dispatcher.ExpectNoMsg(NoMessage);

        Answer(entity, 1, ProviderNames.PagerDuty, DeliveryOutcomeKind.Delivered);
        Answer(entity, 2, ProviderNames.OpsGenie, DeliveryOutcomeKind.Delivered);
        var state = AlertOf(entity);
        Assert.Equal(AlertStatus.Firing, state.Status);
        Assert.Equal(2, state.Occurrences);
        Assert.All(state.Deliveries, d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
    }

    [Fact]
    public void A_resolve_never_overtakes_its_trigger_at_the_same_provider()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        _dispatcher.ReceiveN(2);

        entity.Tell(new AlertCommands.Resolve(Key, "alice", "fixed"));
        Assert.Equal(AlertStatus.Resolved, ExpectMsg<AlertReplies.AlertView>().State.Status);
        _dispatcher.ExpectNoMsg(NoMessage);

        // OpsGenie confirms its trigger: its close may go; PagerDuty's trigger is still unconfirmed.
        Answer(entity, 2, ProviderNames.OpsGenie, DeliveryOutcomeKind.Delivered);
        var close = _dispatcher.ExpectMsg<Deliver>();
        Assert.Equal(
            (4L, ProviderNames.OpsGenie, NotificationAction.Resolve),
            (close.Number, close.Provider, close.Request.Action)
        );
        _dispatcher.ExpectNoMsg(NoMessage);

        Answer(entity, 1, ProviderNames.PagerDuty, DeliveryOutcomeKind.Delivered);
        var resolve = _dispatcher.ExpectMsg<Deliver>();
        Assert.Equal(
            (3L, ProviderNames.PagerDuty, NotificationAction.Resolve),
            (resolve.Number, resolve.Provider, resolve.Request.Action)
        );
        Assert.Equal("alice", resolve.Request.By);
    }

    [Fact]
    public void A_retryable_failure_is_redelivered_after_the_backoff_in_virtual_time()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1", [ProviderNames.PagerDuty]));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        _dispatcher.ExpectMsg<Deliver>();

        Answer(entity, 1, ProviderNames.PagerDuty, DeliveryOutcomeKind.Retryable, retryAfter: TimeSpan.FromSeconds(5));
        AwaitAssert(() => Assert.Equal(1, AlertOf(entity).Deliveries[0].Attempts));
        Scheduler.Advance(TimeSpan.FromSeconds(4));
        _dispatcher.ExpectNoMsg(NoMessage);
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _dispatcher.ExpectMsg<Deliver>().Number);

        Answer(entity, 1, ProviderNames.PagerDuty, DeliveryOutcomeKind.Delivered);
        var delivery = AlertOf(entity).Deliveries.Single();
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(2, delivery.Attempts);
    }

    [Fact]
    public void A_delivery_that_goes_dead_is_logged_as_a_warning_with_its_provider_key_and_reason()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1", [ProviderNames.PagerDuty]));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        _dispatcher.ExpectMsg<Deliver>();

        EventFilter
            .Warning(contains: $"pagerduty trigger delivery 1 of {Key} is dead after 1 attempt(s): test")
            .ExpectOne(() => Answer(entity, 1, ProviderNames.PagerDuty, DeliveryOutcomeKind.Permanent));
        Assert.Equal(DeliveryStatus.Dead, AlertOf(entity).Deliveries.Single().Status);
    }

    [Fact]
    public void After_a_restart_the_state_is_recovered_and_unconfirmed_deliveries_are_sent_again()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        _dispatcher.ReceiveN(2);
        Answer(entity, 2, ProviderNames.OpsGenie, DeliveryOutcomeKind.Delivered);
        AwaitAssert(() => Assert.Equal(DeliveryStatus.Delivered, AlertOf(entity).Deliveries[1].Status));

        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        var recovered = StartEntity();
        var resent = _dispatcher.ExpectMsg<Deliver>();
        Assert.Equal(
            (1L, ProviderNames.PagerDuty, NotificationAction.Trigger),
            (resent.Number, resent.Provider, resent.Request.Action)
        );
        _dispatcher.ExpectNoMsg(NoMessage);

        var state = AlertOf(recovered);
        Assert.Equal(AlertStatus.Firing, state.Status);
        Assert.Equal(1, state.Occurrences);
        recovered.Tell(Trigger("e1"));
        Assert.True(ExpectMsg<AlertReplies.OccurrenceAccepted>().Duplicate);
    }
}
