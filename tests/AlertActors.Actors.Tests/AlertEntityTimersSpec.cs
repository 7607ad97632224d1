using Akka.Actor;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Delivery;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The alert entity's timers and notification policy in virtual time: auto-resolve, repeat notifications, silences,
/// the threshold and cooldown, and passivation of an idle alert.
/// </summary>
public sealed class AlertEntityTimersSpec : AlertEntitySpec
{
    [Fact]
    public void Without_occurrences_for_auto_resolve_after_the_alert_resolves_itself_in_virtual_time()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1", policy: Policy(autoResolveMinutes: 30)));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        AnswerAll(entity, 2);

        Scheduler.Advance(TimeSpan.FromMinutes(29));
        _dispatcher.ExpectNoMsg(NoMessage);
        Scheduler.Advance(TimeSpan.FromMinutes(1));

        var resolves = _dispatcher.ReceiveN(2).Cast<Deliver>().ToList();
        Assert.All(resolves, d => Assert.Equal(NotificationAction.Resolve, d.Request.Action));
        var state = AlertOf(entity);
        Assert.Equal((AlertStatus.Resolved, AlertState.AutoResolver), (state.Status, state.ResolvedBy));
    }

    [Fact]
    public void An_auto_resolve_that_fell_due_while_the_entity_was_down_fires_on_recovery()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1", policy: Policy(autoResolveMinutes: 30)));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        AnswerAll(entity, 2);
        AwaitAssert(() => Assert.DoesNotContain(AlertOf(entity).Deliveries, d => d.IsPending));
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        Scheduler.Advance(TimeSpan.FromMinutes(45));
        var recovered = StartEntity();

        var resolves = _dispatcher.ReceiveN(2).Cast<Deliver>().ToList();
        Assert.All(resolves, d => Assert.Equal(NotificationAction.Resolve, d.Request.Action));
        Assert.Equal(AlertStatus.Resolved, AlertOf(recovered).Status);
    }

    [Fact]
    public void A_repeat_notification_goes_out_every_repeat_interval_until_acknowledged()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1", policy: Policy(repeatMinutes: 60, autoResolveMinutes: 0)));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        AnswerAll(entity, 2);

        Scheduler.Advance(TimeSpan.FromMinutes(60));
        Assert.All(AnswerAll(entity, 2), d => Assert.Equal(NotificationAction.Trigger, d.Request.Action));

        entity.Tell(new AlertCommands.Acknowledge(Key, "alice", null));
        ExpectMsg<AlertReplies.AlertView>();
        Assert.All(AnswerAll(entity, 2), d => Assert.Equal(NotificationAction.Acknowledge, d.Request.Action));
        Scheduler.Advance(TimeSpan.FromMinutes(120));
        _dispatcher.ExpectNoMsg(NoMessage);
    }

    [Fact]
    public void A_silenced_alert_notifies_nothing_until_the_silence_is_expired_and_then_pages_within_the_check_interval()
    {
        var silences = new SwitchableSilences
        {
            Current = new Silence(
                "maint",
                [],
                DateTimeOffset.MinValue,
                DateTimeOffset.MaxValue,
                "alice",
                "maintenance"
            ),
        };
        var entity = StartEntity(silences);
        entity.Tell(Trigger("e1"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        entity.Tell(Trigger("e2"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        _dispatcher.ExpectNoMsg(NoMessage);
        var silenced = AlertOf(entity);
        Assert.Equal((AlertStatus.Firing, "maint", 2L), (silenced.Status, silenced.SilencedBy, silenced.Occurrences));

        silences.Current = null;
        Scheduler.Advance(TimeSpan.FromSeconds(30));

        var triggers = _dispatcher.ReceiveN(2).Cast<Deliver>().ToList();
        Assert.All(triggers, d => Assert.Equal(NotificationAction.Trigger, d.Request.Action));
        Assert.Null(AlertOf(entity).SilencedBy);
    }

    [Fact]
    public void Below_the_threshold_nothing_is_sent_and_old_occurrences_slide_out_of_the_window()
    {
        var policy = AlertPolicy.Default with { ThresholdCount = 3, ThresholdWindow = TimeSpan.FromMinutes(1) };
        var entity = StartEntity();
        Record(entity, "t1", policy);
        Record(entity, "t2", policy);
        Scheduler.Advance(TimeSpan.FromSeconds(61));
        Record(entity, "t3", policy);
        _dispatcher.ExpectNoMsg(NoMessage);
        Assert.Equal(AlertStatus.Pending, AlertOf(entity).Status);

        Record(entity, "t4", policy);
        Record(entity, "t5", policy);

        Assert.All(
            _dispatcher.ReceiveN(2).Cast<Deliver>(),
            d => Assert.Equal(NotificationAction.Trigger, d.Request.Action)
        );
        Assert.Equal(AlertStatus.Firing, AlertOf(entity).Status);
    }

    [Fact]
    public void A_retrigger_inside_the_cooldown_is_held_and_sent_when_the_cooldown_ends()
    {
        var entity = StartEntity();
        Record(entity, "c1", AlertPolicy.Default);
        AnswerAll(entity, 2);
        entity.Tell(new AlertCommands.Resolve(Key, "alice", null));
        ExpectMsg<AlertReplies.AlertView>();
        AnswerAll(entity, 2);

        Scheduler.Advance(TimeSpan.FromMinutes(1));
        Record(entity, "c2", AlertPolicy.Default);
        _dispatcher.ExpectNoMsg(NoMessage);
        Assert.Equal((AlertStatus.Firing, 1L), (AlertOf(entity).Status, AlertOf(entity).Suppressed));

        Scheduler.Advance(TimeSpan.FromMinutes(4));
        Assert.All(AnswerAll(entity, 2), d => Assert.Equal(NotificationAction.Trigger, d.Request.Action));
    }

    [Fact]
    public void An_idle_open_alert_asks_its_shard_to_passivate_it_but_not_while_a_delivery_is_pending()
    {
        var parent = CreateTestProbe();
        var settings = _settings with { PassivateIdleAfter = TimeSpan.FromMinutes(2) };
        var entity = parent.ChildActorOf(AlertEntity.Props(Key, _dispatcher.Ref, settings, NoSilences.Instance));
        entity.Tell(Trigger("p1", policy: Policy(repeatMinutes: 0, autoResolveMinutes: 30)));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        var calls = _dispatcher.ReceiveN(2).Cast<Deliver>().ToList();
        Answer(entity, calls[0].Number, calls[0].Provider, DeliveryOutcomeKind.Delivered);
        _dispatcher.ExpectNoMsg(NoMessage);

        Scheduler.Advance(TimeSpan.FromMinutes(3));
        parent.ExpectNoMsg(NoMessage); // a delivery is still pending

        Answer(entity, calls[1].Number, calls[1].Provider, DeliveryOutcomeKind.Delivered);
        AwaitAssert(() => Assert.Equal(2, JournalRows()));
        Scheduler.Advance(TimeSpan.FromMinutes(2));

        // Firing with an auto-resolve timer armed, and still it leaves memory: the due-alert scheduler wakes it.
        parent.ExpectMsg<Akka.Cluster.Sharding.Passivate>();
        entity.Tell(AlertEntity.Stop.Instance);
        Watch(entity);
        ExpectTerminated(entity);
        Assert.Equal(2, JournalRows());
    }

    private void Record(IActorRef entity, string eventId, AlertPolicy policy)
    {
        entity.Tell(Trigger(eventId, policy: policy));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
    }

    private sealed class SwitchableSilences : ISilenceLookup
    {
        public volatile Silence? Current;

        public Silence? ActiveFor(AlertState alert, DateTimeOffset now) => Current;
    }
}
