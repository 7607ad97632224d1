using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;
using AlertActors.Domain.TimeIntervals;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>
/// A route's mute-during: the alert fires, its trigger notification is owed until the window's end (its due time), then
/// goes out if the alert still fires unacknowledged; nothing goes out for one resolved or acknowledged meanwhile.
/// </summary>
public class AlertStateTimeWindowTests
{
    private readonly AlertHarness _alert = new();
    private readonly WindowMutes _mutes = new() { Window = new TimeMute("business-hours", At(60)) };

    private static readonly AlertPolicy NoAutoResolve = AlertPolicy.Default with { AutoResolveAfter = TimeSpan.Zero };

    private Decision Record(string eventId, DateTimeOffset now) =>
        _alert.Commit(
            _alert.State.Decide(
                new AlertCommands.RecordOccurrence(_alert.State.DedupKey, Trigger(eventId, policy: NoAutoResolve)),
                now,
                mutes: _mutes
            )
        );

    private Decision Owed(DateTimeOffset now) =>
        _alert.Commit(_alert.State.Decide(AlertTimer.OwedNotification, now, mutes: _mutes));

    [Fact]
    public void A_muted_alert_fires_and_owes_its_trigger_until_the_window_ends()
    {
        var first = Record("e1", At(0));
        Record("e2", At(1));

        Assert.Equal(
            new NotificationMuted(At(0), "business-hours", At(60)),
            first.JournalEvents.OfType<NotificationMuted>().Single()
        );
        var state = _alert.State;
        Assert.Equal(AlertStatus.Firing, state.Status);
        Assert.Empty(state.Deliveries);
        Assert.Equal(("business-hours", At(60)), (state.MutedBy, state.MutedUntil));
        Assert.Equal(1, state.Suppressed);
        Assert.Contains(state.Timeline, e => e.Change == "muted" && e.Note!.Contains("business-hours"));
        // Its due time is the window's end: it may leave memory and is woken then.
        Assert.Equal(At(60), state.DueAt(AlertTimer.OwedNotification));
        Assert.False(state.HasLiveWork);
        Assert.Equal(At(60), state.NextDueAt(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void When_the_window_ends_the_held_trigger_goes_out_and_the_timeline_says_released()
    {
        Record("e1", At(0));

        Assert.Empty(Owed(At(59)).JournalEvents.OfType<Notified>());
        var released = Owed(At(60));

        Assert.Equal(
            "mute by time interval business-hours ended",
            released.JournalEvents.OfType<Notified>().Single().Reason
        );
        Assert.Equal(
            [ProviderNames.PagerDuty, ProviderNames.OpsGenie],
            released
                .JournalEvents.OfType<DeliveryScheduled>()
                .Where(d => d.Delivery.Request.Action == NotificationAction.Trigger)
                .Select(d => d.Delivery.Provider)
        );
        Assert.Null(_alert.State.MutedBy);
        Assert.Equal("released", _alert.State.Timeline[^1].Change);
        Assert.Equal("mute by time interval business-hours ended", _alert.State.Timeline[^1].Note);
    }

    [Fact]
    public void An_alert_resolved_during_the_mute_sends_nothing_at_all()
    {
        Record("e1", At(0));
        _alert.ResolveByApi("alice", At(10));

        Assert.Null(_alert.State.DueAt(AlertTimer.OwedNotification));
        Assert.Empty(Owed(At(60)).JournalEvents);
        Assert.Empty(_alert.State.Deliveries);
        Assert.Null(_alert.State.MutedBy);
    }

    [Fact]
    public void An_alert_acknowledged_during_the_mute_is_not_paged_when_it_ends()
    {
        Record("e1", At(0));
        _alert.Acknowledge("alice", At(10));

        Assert.Null(_alert.State.DueAt(AlertTimer.OwedNotification));
        Assert.Empty(Owed(At(60)).JournalEvents);
        Assert.Empty(_alert.State.Deliveries);
    }

    [Fact]
    public void A_silence_still_in_force_when_the_mute_ends_holds_the_notification_on()
    {
        var silences = new OneSilence(new Silence("maint", [], At(-10), At(90), "alice", "maintenance window"));
        Record("e1", At(0));

        _alert.Commit(_alert.State.Decide(AlertTimer.OwedNotification, At(60), silences, mutes: _mutes));

        Assert.Equal("maint", _alert.State.SilencedBy);
        Assert.Equal(At(90), _alert.State.DueAt(AlertTimer.OwedNotification));
        Assert.Equal(
            "mute by time interval business-hours ended; held by silence maint",
            _alert.State.Timeline[^1].Note
        );
    }

    [Fact]
    public void Replaying_the_journal_gives_the_muted_state_and_its_due_time()
    {
        Record("e1", At(0));

        var replayed = _alert.Journal.Aggregate(AlertState.Empty(_alert.State.DedupKey), (s, e) => s.Apply(e));

        Assert.Equal(_alert.State.MutedUntil, replayed.MutedUntil);
        Assert.Equal(At(60), replayed.DueAt(AlertTimer.OwedNotification));
    }

    private sealed class OneSilence(Silence silence) : ISilenceLookup
    {
        public Silence? ActiveFor(AlertState alert, DateTimeOffset now) => silence.IsActiveAt(now) ? silence : null;
    }

    /// <summary>A route muted by one window: inside it until <see cref="TimeMute.Until"/>.</summary>
    private sealed class WindowMutes : ITimeMutes
    {
        public TimeMute? Window { get; init; }

        public TimeMute? MutedAt(AlertState alert, DateTimeOffset now) =>
            Window is { } window && now < window.Until ? window : null;
    }
}
