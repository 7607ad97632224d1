using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using AlertActors.Actors.Alerts;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Projection;

/// <summary>
/// Runs the alert list projection: <c>EventsByTag("alert")</c> from the stored offset, in batches,
/// through <see cref="AlertListUpdater"/>. The stream lives and dies with this actor (the cluster
/// singleton), restarts with backoff on failure and re-reads the stored offset on every restart, so what a
/// failed batch did not commit is read again and what it did commit is not.
/// </summary>
public sealed class AlertListProjector : ReceiveActor
{
    public const string ProjectionName = "alert_list";

    private readonly AlertReadStore _store;
    private readonly IActorRef _region;
    private readonly AlertListProjectorSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public AlertListProjector(AlertReadStore store, IActorRef region, AlertListProjectorSettings settings)
    {
        _store = store;
        _region = region;
        _settings = settings;
    }

    public static Props Props(AlertReadStore store, IActorRef region, AlertListProjectorSettings? settings = null) =>
        Akka.Actor.Props.Create(() => new AlertListProjector(store, region, settings ?? new AlertListProjectorSettings()));

    protected override void PreStart()
    {
        var system = Context.System;
        var events = system.EventStream;
        var log = _log;
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var updater = new AlertListUpdater(_store, ProjectionName, FetchAlertAsync);
        var store = _store;
        var settings = _settings;

        RestartSource.WithBackoff(
                () => Source.FromTask(store.LoadOffsetAsync(ProjectionName))
                    .ConcatMany(offset =>
                    {
                        log.Info("Alert list projection resumes after journal ordering {0}", offset);
                        return journal.EventsByTag(AlertEntity.Tag, Offset.Sequence(offset));
                    })
                    .GroupedWithin(settings.BatchSize, settings.BatchWindow)
                    .SelectAsync(1, batch => updater.ApplyAsync(batch.ToList())),
                RestartSettings.Create(settings.MinBackoff, settings.MaxBackoff, 0.2))
            .RunForeach(result =>
            {
                if (result.Healed > 0) log.Info("Alert list: {0} alert(s) re-read from their entity (journal gap)", result.Healed);
                events.Publish(result);
            }, Context.Materializer());
    }

    private async Task<AlertReplies.AlertView?> FetchAlertAsync(string dedupKey, CancellationToken cancellationToken) =>
        await _region.Ask<object>(new AlertCommands.GetAlert(dedupKey), _settings.AskTimeout, cancellationToken).ConfigureAwait(false) switch
        {
            AlertReplies.AlertView view => view,
            AlertReplies.Rejected { Reason: RejectionReason.NotFound } => null,
            var other => throw new InvalidOperationException($"alert {dedupKey} answered GetAlert with {other.GetType().Name}"),
        };
}

/// <summary>Tunables of the alert list projection.</summary>
public sealed record AlertListProjectorSettings
{
    public int BatchSize { get; init; } = 200;
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
