using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Projection.Scheduling;

namespace AlertActors.Projection;

/// <summary>
/// Runs the alert list projection: <c>AllEvents</c> of the journal (in ordering, no tags needed) from the stored
/// offset, in batches, through <see cref="AlertListUpdater"/>; and, as its child, the <see cref="DueAlertScheduler"/>,
/// which it tells every row's new due time. The stream lives and dies with this actor (the cluster singleton),
/// restarts with backoff on failure and re-reads the stored offset on every restart, so what a failed batch did not
/// commit is read again and what it did commit is not.
/// </summary>
public sealed class AlertListProjector : ReceiveActor
{
    public const string ProjectionName = "alert_list";

    private readonly AlertReadStore _store;
    private readonly IActorRef _region;
    private readonly AlertListProjectorSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private AlertListUpdater? _updater;

    public AlertListProjector(AlertReadStore store, IActorRef region, AlertListProjectorSettings settings)
    {
        _store = store;
        _region = region;
        _settings = settings;
        Receive<DueAlertScheduler.GetStatus>(status => Context.Child("due-alert-scheduler").Forward(status));
    }

    public static Props Props(AlertReadStore store, IActorRef region, AlertListProjectorSettings? settings = null) =>
        Akka.Actor.Props.Create(() =>
            new AlertListProjector(store, region, settings ?? new AlertListProjectorSettings())
        );

    protected override void PreStart()
    {
        var system = Context.System;
        var events = system.EventStream;
        var log = _log;
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var updater = _updater = new AlertListUpdater(_store, ProjectionName, FetchAlertAsync, _settings.CachedRows);
        var store = _store;
        var settings = _settings;
        var scheduler = Context.ActorOf(
            DueAlertScheduler.Props(_store, _region, _settings.Scheduler),
            "due-alert-scheduler"
        );

        RestartSource
            .WithBackoff(
                () =>
                    Source
                        .FromTask(store.LoadOffsetAsync(ProjectionName))
                        .ConcatMany(offset =>
                        {
                            log.Info("Alert list projection resumes after journal ordering {0}", offset);
                            return journal.AllEvents(Offset.Sequence(offset));
                        })
                        .GroupedWithin(settings.BatchSize, settings.BatchWindow)
                        .SelectAsync(1, batch => updater.ApplyAsync(batch.ToList())),
                RestartSettings.Create(settings.MinBackoff, settings.MaxBackoff, 0.2)
            )
            .RunForeach(
                result =>
                {
                    if (result.Healed > 0)
                        log.Info("Alert list: {0} alert(s) re-read from their entity (journal gap)", result.Healed);
                    scheduler.Tell(result);
                    events.Publish(result);
                },
                Context.Materializer()
            );
    }

    protected override void PostStop()
    {
        _updater?.Dispose();
        base.PostStop();
    }

    private async Task<AlertReplies.AlertView?> FetchAlertAsync(string dedupKey, CancellationToken cancellationToken) =>
        await _region
            .Ask<object>(new AlertCommands.GetAlert(dedupKey), _settings.AskTimeout, cancellationToken)
            .ConfigureAwait(false) switch
        {
            AlertReplies.AlertView view => view,
            AlertReplies.Rejected { Reason: RejectionReason.NotFound } => null,
            var other => throw new InvalidOperationException(
                $"alert {dedupKey} answered GetAlert with {other.GetType().Name}"
            ),
        };
}
