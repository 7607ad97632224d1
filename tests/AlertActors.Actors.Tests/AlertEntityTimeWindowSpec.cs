using Akka.Actor;
using AlertActors.Actors.Alerts;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Silences;
using AlertActors.Domain.TimeIntervals;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// A route's mute-during in virtual time, on the real SQLite journal: the held trigger goes out when the window ends,
/// also after the alert left memory in the middle of it, and not at all for an alert resolved or acknowledged
/// meanwhile.
/// </summary>
public sealed class AlertEntityTimeWindowSpec : AlertEntitySpec
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(60);
    private readonly WindowMutes _mutes;

    public AlertEntityTimeWindowSpec()
    {
        _mutes = new WindowMutes(new TimeMute("nights", Scheduler.Now + Window));
    }

    private IActorRef StartMutedEntity() =>
        Sys.ActorOf(AlertEntity.Props(Key, _dispatcher.Ref, _settings, NoSilences.Instance, null, null, null, _mutes));

    private IActorRef FireMuted()
    {
        var entity = StartMutedEntity();
        entity.Tell(Trigger("e1", policy: Policy(autoResolveMinutes: 0)));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        return entity;
    }

    [Fact]
    public void A_muted_trigger_is_held_and_goes_out_when_the_window_ends()
    {
        var entity = FireMuted();
        var muted = AlertOf(entity);
        Assert.Equal((AlertStatus.Firing, "nights"), (muted.Status, muted.MutedBy));

        Scheduler.Advance(Window - TimeSpan.FromMinutes(1));
        _dispatcher.ExpectNoMsg(NoMessage);
        Scheduler.Advance(TimeSpan.FromMinutes(1));

        var triggers = AnswerAll(entity, 2);
        Assert.All(triggers, d => Assert.Equal(NotificationAction.Trigger, d.Request.Action));
        var released = AlertOf(entity);
        Assert.Null(released.MutedBy);
        Assert.Equal(["firing", "muted", "released"], released.Timeline.Select(e => e.Change));
    }

    [Fact]
    public void An_alert_that_left_memory_during_the_mute_still_pages_when_it_comes_back_after_the_window()
    {
        var entity = FireMuted();
        AwaitAssert(() => Assert.Equal("nights", AlertOf(entity).MutedBy));
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        Scheduler.Advance(Window + TimeSpan.FromMinutes(5));
        var recovered = StartMutedEntity();

        var triggers = AnswerAll(recovered, 2);
        Assert.All(triggers, d => Assert.Equal(NotificationAction.Trigger, d.Request.Action));
        Assert.Null(AlertOf(recovered).MutedBy);
    }

    [Fact]
    public void An_alert_resolved_or_acknowledged_during_the_mute_sends_nothing_when_it_ends()
    {
        var entity = FireMuted();
        entity.Tell(new AlertCommands.Acknowledge(Key, "alice", null));
        ExpectMsg<AlertReplies.AlertView>();
        entity.Tell(Resolve("e2"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();

        Scheduler.Advance(Window * 2);

        _dispatcher.ExpectNoMsg(NoMessage);
        Assert.Empty(AlertOf(entity).Deliveries);
    }

    /// <summary>The route is muted from the start of the test until <see cref="TimeMute.Until"/>.</summary>
    private sealed class WindowMutes(TimeMute window) : ITimeMutes
    {
        public TimeMute? MutedAt(AlertState alert, DateTimeOffset now) => now < window.Until ? window : null;
    }
}
