using Akka.Actor;
using Akka.TestKit;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Projection;
using AlertActors.Projection.Scheduling;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The due-alert scheduler on a real SQLite read model, in virtual time: an alert is woken when its due time comes
/// (wake-ahead before it, not earlier), whether the time was read from the table or told by the projection, and woken
/// again while it stays due.
/// </summary>
public sealed class DueAlertSchedulerSpec : SqliteJournalSpec
{
    private readonly AlertReadStore _store;
    private readonly TestProbe _region;
    private long _offset;

    public DueAlertSchedulerSpec()
    {
        _store = new AlertReadStore(SettingsReader.Read(Sys.Settings.Config).Persistence);
        _region = CreateTestProbe("region");
    }

    private new DateTimeOffset Now => Scheduler.Now;

    [Fact]
    public async Task An_alert_is_woken_wake_ahead_before_its_auto_resolve_is_due_and_not_earlier()
    {
        await SaveAsync("k1", sequenceNr: 3, autoResolveIn: TimeSpan.FromSeconds(25));
        var scheduler = Start(new DueAlertSchedulerSettings { WakeAhead = TimeSpan.FromSeconds(1) });

        Advance(TimeSpan.FromSeconds(23.8), scheduler);
        _region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        Advance(TimeSpan.FromSeconds(0.4), scheduler);
        Assert.Equal("k1", _region.ExpectMsg<AlertCommands.Wake>().DedupKey);
        Advance(TimeSpan.FromSeconds(10), scheduler);
        _region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_due_time_the_projection_reports_inside_the_window_already_read_is_woken_without_another_read()
    {
        var scheduler = Start();
        Advance(TimeSpan.FromSeconds(1), scheduler);

        // Not in the table at all: only the projection's batch tells the scheduler.
        scheduler.Tell(
            new AlertListBatchApplied(1, 1, 0, 0, 1) { DueChanges = [new DueChange("k2", Now.AddSeconds(3), 1)] }
        );

        Advance(TimeSpan.FromSeconds(2.5), scheduler);
        _region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Advance(TimeSpan.FromSeconds(0.6), scheduler);
        Assert.Equal("k2", _region.ExpectMsg<AlertCommands.Wake>().DedupKey);
    }

    [Fact]
    public async Task A_change_that_takes_the_due_time_away_cancels_the_wake()
    {
        await SaveAsync("k3", sequenceNr: 1, autoResolveIn: TimeSpan.FromSeconds(5));
        var scheduler = Start();
        Advance(TimeSpan.FromSeconds(1), scheduler);

        scheduler.Tell(new AlertListBatchApplied(1, 1, 0, 0, 2) { DueChanges = [new DueChange("k3", null, 2)] });

        Advance(TimeSpan.FromSeconds(10), scheduler);
        _region.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task An_alert_still_due_after_its_wake_is_woken_again_after_rewake_after_and_a_changed_row_at_its_new_time()
    {
        await SaveAsync("k4", sequenceNr: 1, autoResolveIn: TimeSpan.FromSeconds(-1));
        var scheduler = Start();

        Advance(TimeSpan.FromSeconds(0.2), scheduler);
        Assert.Equal("k4", _region.ExpectMsg<AlertCommands.Wake>().DedupKey);
        Advance(TimeSpan.FromSeconds(20), scheduler);
        _region.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // the same row: not again within rewake-after

        Advance(TimeSpan.FromSeconds(11), scheduler);
        Assert.Equal("k4", _region.ExpectMsg<AlertCommands.Wake>().DedupKey); // still due 30 s later: the sweep wakes it again

        await SaveAsync("k4", sequenceNr: 2, autoResolveIn: TimeSpan.FromSeconds(4));
        scheduler.Tell(
            new AlertListBatchApplied(1, 1, 0, 0, 3) { DueChanges = [new DueChange("k4", Now.AddSeconds(4), 2)] }
        );
        Advance(TimeSpan.FromSeconds(3.8), scheduler);
        _region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Advance(TimeSpan.FromSeconds(0.4), scheduler);
        Assert.Equal("k4", _region.ExpectMsg<AlertCommands.Wake>().DedupKey);
    }

    [Fact]
    public async Task A_backlog_of_overdue_alerts_is_woken_a_bounded_number_per_tick()
    {
        for (var i = 0; i < 12; i++)
            await SaveAsync($"b{i}", sequenceNr: 1, autoResolveIn: TimeSpan.FromSeconds(-5));
        var scheduler = Start(new DueAlertSchedulerSettings { MaxWakesPerTick = 5 });

        Advance(TimeSpan.FromSeconds(0.05), scheduler);
        Assert.Equal(5, _region.ReceiveN(5).Count);
        _region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Advance(TimeSpan.FromSeconds(0.2), scheduler);
        Assert.Equal(7, _region.ReceiveN(7).Count);
    }

    /// <summary>Starts the scheduler and returns once it has started (its timers run from the current virtual
    /// time).</summary>
    /// <param name="settings">Default: the node's defaults with wake-ahead 1 ms, so a wake comes when the due time
    /// does.</param>
    private IActorRef Start(DueAlertSchedulerSettings? settings = null)
    {
        var scheduler = Sys.ActorOf(
            DueAlertScheduler.Props(
                _store,
                _region.Ref,
                settings ?? new DueAlertSchedulerSettings { WakeAhead = TimeSpan.FromMilliseconds(1) }
            )
        );
        scheduler.Ask<DueAlertScheduler.Status>(DueAlertScheduler.GetStatus.Instance, TimeSpan.FromSeconds(10)).Wait();
        return scheduler;
    }

    /// <summary>
    /// Moves virtual time in 100 ms steps; after each, waits (in real time, bounded) until the scheduler has read the
    /// table as far as its polls go, so a read in flight never lags behind the clock.
    /// </summary>
    private void Advance(TimeSpan by, IActorRef scheduler)
    {
        var end = Now + by;
        do
        {
            var step = end - Now < TimeSpan.FromMilliseconds(100) ? end - Now : TimeSpan.FromMilliseconds(100);
            Scheduler.Advance(step);
            AwaitAssert(
                () =>
                {
                    var status = scheduler
                        .Ask<DueAlertScheduler.Status>(DueAlertScheduler.GetStatus.Instance, TimeSpan.FromSeconds(5))
                        .Result;
                    Assert.False(status.Polling);
                },
                TimeSpan.FromSeconds(10),
                TimeSpan.FromMilliseconds(10)
            );
        } while (Now < end);
    }

    /// <summary>A firing alert whose auto-resolve is due <paramref name="autoResolveIn"/> from now, as the projection
    /// stores it.</summary>
    private async Task SaveAsync(string key, long sequenceNr, TimeSpan autoResolveIn)
    {
        var policy = AlertPolicy.Default with
        {
            AutoResolveAfter = TimeSpan.FromMinutes(30),
            RepeatInterval = TimeSpan.Zero,
        };
        var lastSeen = Now + autoResolveIn - policy.AutoResolveAfter;
        var occurrence = new Occurrence(
            "e1",
            lastSeen,
            EventAction.Trigger,
            Severity.Critical,
            "Disk full",
            "disk-watcher",
            "disk.full",
            key,
            "acme",
            "default",
            [ProviderNames.PagerDuty],
            null,
            policy
        );
        var state = AlertState
            .Empty(key)
            .Apply(new AlertJournalEvents.OccurrenceRecorded(occurrence, lastSeen))
            .Apply(new AlertJournalEvents.Fired(lastSeen, 1));
        Assert.Equal(Now + autoResolveIn, state.NextDueAt(TimeSpan.FromSeconds(10)));
        await _store.SaveAsync("test", [new AlertListRow(key, sequenceNr, state)], ++_offset);
    }
}
