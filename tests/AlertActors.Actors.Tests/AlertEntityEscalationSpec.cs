using Akka.Actor;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The alert entity escalates in virtual time (README "Escalation"): each step's trigger goes through the outbox at its
/// time, a stopped entity re-arms the next step on recovery (and never repeats one it took), acknowledge ends it.
/// </summary>
public sealed class AlertEntityEscalationSpec : AlertEntitySpec
{
    private static readonly AlertPolicy Escalating = Policy(repeatMinutes: 0, autoResolveMinutes: 0) with
    {
        Escalation =
        [
            new EscalationStep(TimeSpan.FromMinutes(15), [ProviderNames.PagerDuty]),
            new EscalationStep(TimeSpan.FromMinutes(45), [ProviderNames.OpsGenie]),
        ],
    };

    private IActorRef FireAndConfirm()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1", policy: Escalating));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        AnswerAll(entity, 2);
        return entity;
    }

    [Fact]
    public void Each_step_goes_out_through_the_outbox_at_its_time()
    {
        var entity = FireAndConfirm();

        Scheduler.Advance(TimeSpan.FromMinutes(14));
        _dispatcher.ExpectNoMsg(NoMessage);
        Scheduler.Advance(TimeSpan.FromMinutes(1));
        var first = AnswerAll(entity, 1).Single();
        Assert.Equal((ProviderNames.PagerDuty, 1), (first.Provider, first.Request.EscalationStep));

        Scheduler.Advance(TimeSpan.FromMinutes(30));
        var second = AnswerAll(entity, 1).Single();
        Assert.Equal((ProviderNames.OpsGenie, 2), (second.Provider, second.Request.EscalationStep));
        Assert.Equal(["firing", "escalated", "escalated"], AlertOf(entity).Timeline.Select(t => t.Change));
    }

    [Fact]
    public void A_restart_between_two_steps_re_arms_the_second_and_never_repeats_the_first()
    {
        var entity = FireAndConfirm();
        Scheduler.Advance(TimeSpan.FromMinutes(15));
        AnswerAll(entity, 1);
        AwaitAssert(() => Assert.DoesNotContain(AlertOf(entity).Deliveries, d => d.IsPending));
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        var recovered = StartEntity();
        _dispatcher.ExpectNoMsg(NoMessage);
        Scheduler.Advance(TimeSpan.FromMinutes(30));

        var second = AnswerAll(recovered, 1).Single();
        Assert.Equal(2, second.Request.EscalationStep);
        Assert.Equal([1, 2], AlertOf(recovered).Escalations.Select(e => e.Step));
    }

    [Fact]
    public void A_step_that_fell_due_while_the_entity_was_down_goes_out_once_on_recovery()
    {
        var entity = FireAndConfirm();
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        Scheduler.Advance(TimeSpan.FromMinutes(20));
        var recovered = StartEntity();

        var first = AnswerAll(recovered, 1).Single();
        Assert.Equal(1, first.Request.EscalationStep);
        _dispatcher.ExpectNoMsg(NoMessage);
    }

    [Fact]
    public void Acknowledge_ends_the_escalation_and_acknowledges_the_step_that_went_out()
    {
        var entity = FireAndConfirm();
        Scheduler.Advance(TimeSpan.FromMinutes(15));
        AnswerAll(entity, 1);

        entity.Tell(new AlertCommands.Acknowledge(Key, "alice", null));
        ExpectMsg<AlertReplies.AlertView>();
        // One call per provider in flight: the escalation incident's acknowledgement follows the alert's own.
        var acks = AnswerAll(entity, 2).Concat(AnswerAll(entity, 1)).ToList();

        Assert.All(acks, d => Assert.Equal(NotificationAction.Acknowledge, d.Request.Action));
        Assert.Single(acks, d => d.Request.EscalationStep == 1);
        Scheduler.Advance(TimeSpan.FromHours(2));
        _dispatcher.ExpectNoMsg(NoMessage);
    }
}
