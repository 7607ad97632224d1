using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.TestKit;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Telemetry;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// <see cref="AlertRecovered"/>: what an alert entity reports once it has recovered its stored state and re-armed
/// its timers (the observable behind <c>alertactors_alerts_recovered_total</c> and the recovery benchmark).
/// </summary>
public sealed class AlertRecoveredSpec : AlertEntitySpec
{
    /// <summary>The first write creates the SQLite tables: on a loaded machine that alone can take longer than the
    /// default 3 s.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>A trigger paged to PagerDuty alone, never repeated, auto-resolved after 30 minutes.</summary>
    private static readonly AlertCommands.RecordOccurrence FirstTrigger = Trigger(
        "e1",
        [ProviderNames.PagerDuty],
        Policy(repeatMinutes: 0, autoResolveMinutes: 30)
    );

    private readonly TestProbe _recoveries;

    public AlertRecoveredSpec()
    {
        _recoveries = CreateTestProbe("recoveries");
        Sys.EventStream.Subscribe(_recoveries.Ref, typeof(AlertRecovered));
    }

    [Fact]
    public void An_open_alert_reports_its_timers_armed_after_a_restart_a_new_one_reports_nothing_and_a_resolved_one_none()
    {
        var entity = StartEntity();
        entity.Tell(FirstTrigger);
        ExpectMsg<AlertReplies.OccurrenceAccepted>(Patience);
        Confirm(entity, _dispatcher.ExpectMsg<Deliver>(Patience));
        _recoveries.ExpectNoMsg(NoMessage); // a new alert recovered nothing
        entity = Restart(entity);

        Assert.Equal(new AlertRecovered(Key, TimersArmed: true), _recoveries.ExpectMsg<AlertRecovered>(Patience));
        Scheduler.Advance(TimeSpan.FromMinutes(30)); // the re-armed auto-resolve fires
        var resolve = _dispatcher.ExpectMsg<Deliver>(Patience);
        Assert.Equal(NotificationAction.Resolve, resolve.Request.Action);
        Confirm(entity, resolve);
        AwaitAssert(() => Assert.DoesNotContain(AlertOf(entity, Patience).Deliveries, d => d.IsPending), Patience);
        Restart(entity);

        Assert.Equal(new AlertRecovered(Key, TimersArmed: false), _recoveries.ExpectMsg<AlertRecovered>(Patience));
    }

    [Fact]
    public void An_auto_resolve_that_fell_due_while_down_counts_as_armed()
    {
        var entity = StartEntity();
        entity.Tell(FirstTrigger);
        ExpectMsg<AlertReplies.OccurrenceAccepted>(Patience);
        Confirm(entity, _dispatcher.ExpectMsg<Deliver>(Patience));
        AwaitAssert(() => Assert.DoesNotContain(AlertOf(entity, Patience).Deliveries, d => d.IsPending), Patience);
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity, Patience);

        Scheduler.Advance(TimeSpan.FromMinutes(45));
        StartEntity();

        Assert.True(_recoveries.ExpectMsg<AlertRecovered>(Patience).TimersArmed);
        Assert.Equal(NotificationAction.Resolve, _dispatcher.ExpectMsg<Deliver>(Patience).Request.Action);
    }

    [Fact]
    public void Recoveries_are_counted_by_whether_timers_were_armed()
    {
        using var metrics = new AlertActorsMetrics(null);
        var counted = new ConcurrentQueue<(long Value, string? Timers)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter) && instrument.Name == "alertactors_alerts_recovered")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>(
            (_, value, tags, _) =>
            {
                string? timers = null;
                foreach (var tag in tags)
                    if (tag.Key == "timers")
                        timers = tag.Value as string;
                counted.Enqueue((value, timers));
            }
        );
        listener.Start();

        metrics.AlertRecovered(timersArmed: true);
        metrics.AlertRecovered(timersArmed: true);
        metrics.AlertRecovered(timersArmed: false);

        Assert.Equal(2, counted.Where(c => c.Timers == "armed").Sum(c => c.Value));
        Assert.Equal(1, counted.Where(c => c.Timers == "none").Sum(c => c.Value));
    }

    private IActorRef Restart(IActorRef entity)
    {
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity, Patience);
        return StartEntity();
    }
}
