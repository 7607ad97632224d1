using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Silences;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>A silenced alert records occurrences but notifies nothing until the silence ends.</summary>
public class AlertStateSilenceTests
{
    private readonly AlertHarness _alert = new();
    private readonly SwitchableSilences _silences = new();

    private Decision Record(string eventId, DateTimeOffset now) =>
        _alert.Commit(
            _alert.State.Decide(
                new AlertCommands.RecordOccurrence(_alert.State.DedupKey, Trigger(eventId)),
                now,
                _silences
            )
        );

    private Decision Owed(DateTimeOffset now) =>
        _alert.Commit(_alert.State.Decide(AlertTimer.OwedNotification, now, _silences));

    [Fact]
    public void A_silenced_alert_fires_and_counts_occurrences_but_sends_nothing()
    {
        _silences.Current = Maintenance(until: At(60));

        var first = Record("e1", At(0));
        Record("e2", At(1));

        Assert.Equal(
            new NotificationSilenced(At(0), "maint", At(60)),
            first.JournalEvents.OfType<NotificationSilenced>().Single()
        );
        Assert.Equal(AlertStatus.Firing, _alert.State.Status);
        Assert.Equal(2, _alert.State.Occurrences);
        Assert.Empty(_alert.State.Deliveries);
        Assert.Equal(1, _alert.State.Suppressed);
        Assert.Equal(At(60), _alert.State.DueAt(AlertTimer.OwedNotification));
    }

    [Fact]
    public void When_the_silence_ends_the_owed_trigger_goes_out()
    {
        _silences.Current = Maintenance(until: At(60));
        Record("e1", At(0));
        _silences.Current = null;

        var released = Owed(At(60));

        Assert.Equal("silence ended", released.JournalEvents.OfType<Notified>().Single().Reason);
        Assert.Equal(
            2,
            released
                .JournalEvents.OfType<DeliveryScheduled>()
                .Count(d => d.Delivery.Request.Action == NotificationAction.Trigger)
        );
        Assert.Null(_alert.State.SilencedBy);
    }

    [Fact]
    public void A_silence_expired_early_releases_the_trigger_at_the_next_check()
    {
        _silences.Current = Maintenance(until: At(120));
        Record("e1", At(0));

        Assert.Empty(Owed(At(10)).JournalEvents);
        _silences.Current = null;

        Assert.Single(Owed(At(11)).JournalEvents.OfType<Notified>());
    }

    [Fact]
    public void An_extended_silence_is_recorded_once_and_keeps_holding()
    {
        _silences.Current = Maintenance(until: At(60));
        Record("e1", At(0));
        _silences.Current = Maintenance(until: At(180));

        var extended = Owed(At(60));

        Assert.Equal(new NotificationSilenced(At(60), "maint", At(180)), Assert.Single(extended.JournalEvents));
        Assert.Empty(Owed(At(61)).JournalEvents);
        Assert.Equal(At(180), _alert.State.DueAt(AlertTimer.OwedNotification));
    }

    [Fact]
    public void An_alert_resolved_while_silenced_and_never_notified_tells_no_provider()
    {
        _silences.Current = Maintenance(until: At(60));
        Record("e1", At(0));

        var resolved = _alert.ResolveByApi("alice", At(5));

        Assert.Empty(resolved.JournalEvents.OfType<DeliveryScheduled>());
        Assert.Null(_alert.State.DueAt(AlertTimer.OwedNotification));
    }

    [Fact]
    public void A_silence_that_starts_after_the_page_still_lets_the_resolve_through()
    {
        Record("e1", At(0));
        _silences.Current = Maintenance(until: At(60));

        var resolved = _alert.ResolveByApi("alice", At(5));

        Assert.Equal(
            2,
            resolved
                .JournalEvents.OfType<DeliveryScheduled>()
                .Count(d => d.Delivery.Request.Action == NotificationAction.Resolve)
        );
    }

    private static Silence Maintenance(DateTimeOffset until) =>
        new("maint", [], At(-10), until, "alice", "maintenance window");

    private sealed class SwitchableSilences : ISilenceLookup
    {
        public Silence? Current { get; set; }

        public Silence? ActiveFor(AlertState alert, DateTimeOffset now) =>
            Current is { } s && s.IsActiveAt(now) ? s : null;
    }
}
