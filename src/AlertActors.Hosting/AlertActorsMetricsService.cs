using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Delivery;
using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Alerts;
using AlertActors.Ingest;
using AlertActors.Projection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AlertActors.Hosting;

/// <summary>
/// The observed half of <see cref="AlertActorsMetrics"/>: gauges read at scrape time from node-local snapshots
/// (breakers, Kafka lag, cluster state), the alert counts and shard counts refreshed every
/// <see cref="RefreshInterval"/> (a scrape never queries the database or asks an actor), and the journal-write
/// histograms fed from <see cref="AlertWriteCompleted"/> on the event stream.
/// </summary>
public sealed class AlertActorsMetricsService : BackgroundService
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private static readonly string[] AlertStatuses = Enum.GetValues<AlertStatus>()
        .Where(s => s != AlertStatus.None)
        .Select(s => s.ToName())
        .ToArray();

    private readonly AlertActorsMetrics _metrics;
    private readonly IServiceProvider _services;
    private readonly BreakerStateRegistry _breakers;
    private readonly KafkaIngestService _kafka;
    private readonly AlertReadStore _readStore;
    private readonly ILogger<AlertActorsMetricsService> _logger;
    private volatile ActorSystem? _system;
    private volatile IReadOnlyDictionary<string, long>? _alertsByStatus;
    private volatile ShardCounts? _shards;
    private IActorRef? _journalWrites;

    public AlertActorsMetricsService(
        AlertActorsMetrics metrics,
        IServiceProvider services,
        BreakerStateRegistry breakers,
        KafkaIngestService kafka,
        AlertReadStore readStore,
        ILogger<AlertActorsMetricsService> logger
    )
    {
        _metrics = metrics;
        _services = services;
        _breakers = breakers;
        _kafka = kafka;
        _readStore = readStore;
        _logger = logger;

        var meter = metrics.Meter;
        meter.CreateObservableGauge(
            "alertactors_breaker_state",
            ObserveBreakers,
            description: "Circuit-breaker state per provider on this node: 0 closed, 1 half-open, 2 open."
        );
        meter.CreateObservableGauge(
            "alertactors_kafka_lag",
            ObserveKafkaLag,
            description: "Messages between the high watermark and the offset this node has stored (or the group committed), per assigned partition."
        );
        meter.CreateObservableGauge(
            "alertactors_alerts",
            ObserveAlerts,
            description: $"Alerts in the alert list by status (refreshed every {RefreshInterval.TotalSeconds:0} s)."
        );
        meter.CreateObservableGauge(
            "alertactors_cluster_members",
            ObserveMembers,
            description: "Cluster members by status, as this node sees them."
        );
        meter.CreateObservableGauge(
            "alertactors_cluster_unreachable_members",
            ObserveUnreachable,
            description: "Cluster members this node's failure detector marks unreachable."
        );
        meter.CreateObservableGauge(
            "alertactors_shards",
            ObserveShards,
            description: $"Alert shards hosted by this node (refreshed every {RefreshInterval.TotalSeconds:0} s)."
        );
        meter.CreateObservableGauge(
            "alertactors_alert_entities",
            ObserveEntities,
            description: $"Alert entities alive on this node (refreshed every {RefreshInterval.TotalSeconds:0} s)."
        );
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var system = _services.GetRequiredService<ActorSystem>();
            _system = system;
            _journalWrites = system.ActorOf(
                Props.Create(() => new JournalWriteObserver(_metrics)),
                "metrics-journal-writes"
            );
            using var timer = new PeriodicTimer(RefreshInterval);
            do
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        _journalWrites?.Tell(PoisonPill.Instance);
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            _alertsByStatus = await _readStore.CountByStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogDebug("Alert counts for metrics not refreshed: {Error}", ex.Message);
        }
        try
        {
            var region = await _services
                .GetRequiredService<IRequiredActor<AlertRegion>>()
                .GetAsync(cancellationToken)
                .ConfigureAwait(false);
            var state = await region
                .Ask<CurrentShardRegionState>(GetShardRegionState.Instance, AskTimeout, cancellationToken)
                .ConfigureAwait(false);
            _shards = new ShardCounts(state.Shards.Count, state.Shards.Sum(s => s.EntityIds.Count));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogDebug("Shard counts for metrics not refreshed: {Error}", ex.Message);
        }
    }

    private IEnumerable<Measurement<int>> ObserveBreakers() =>
        _breakers.All.Select(b => new Measurement<int>(
            AlertActorsMetrics.GaugeValue(b.Status),
            new KeyValuePair<string, object?>("provider", b.Provider)
        ));

    private IEnumerable<Measurement<long>> ObserveKafkaLag() =>
        _kafka.Lag.Select(l => new Measurement<long>(l.Lag, new("topic", l.Topic), new("partition", l.Partition)));

    private IEnumerable<Measurement<long>> ObserveAlerts()
    {
        if (_alertsByStatus is not { } counts)
            yield break;
        foreach (var status in AlertStatuses.Union(counts.Keys))
            yield return new Measurement<long>(
                counts.GetValueOrDefault(status),
                new KeyValuePair<string, object?>("status", status)
            );
    }

    private IEnumerable<Measurement<int>> ObserveMembers()
    {
        if (_system is not { } system)
            return [];
        var members = Cluster.Get(system).State.Members;
        return Enum.GetValues<MemberStatus>()
            .Select(status => new Measurement<int>(
                members.Count(m => m.Status == status),
                new KeyValuePair<string, object?>("status", MemberStatusName(status))
            ));
    }

    private IEnumerable<Measurement<int>> ObserveUnreachable() =>
        _system is { } system ? [new Measurement<int>(Cluster.Get(system).State.Unreachable.Count)] : [];

    private IEnumerable<Measurement<int>> ObserveShards() =>
        _shards is { } shards
            ? [new Measurement<int>(shards.Shards, new KeyValuePair<string, object?>("region", "alerts"))]
            : [];

    private IEnumerable<Measurement<int>> ObserveEntities() =>
        _shards is { } shards
            ? [new Measurement<int>(shards.Entities, new KeyValuePair<string, object?>("region", "alerts"))]
            : [];

    /// <summary><c>WeaklyUp</c> → <c>weakly_up</c>.</summary>
    public static string MemberStatusName(MemberStatus status) =>
        string.Concat(
            status
                .ToString()
                .Select(
                    (c, i) =>
                        char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()
                )
        );

    private sealed record ShardCounts(int Shards, int Entities);

    /// <summary>Turns each <see cref="AlertWriteCompleted"/> on the event stream into the journal-write histograms, and
    /// each <see cref="AlertRecovered"/> into <c>alertactors_alerts_recovered_total</c>, each
    /// <see cref="AlertResponseTimed"/> into the time to acknowledge or resolve histogram.</summary>
    private sealed class JournalWriteObserver : ReceiveActor
    {
        public JournalWriteObserver(AlertActorsMetrics metrics)
        {
            Receive<AlertWriteCompleted>(write => metrics.JournalWrite(write.JournalEvents, write.Duration));
            Receive<AlertRecovered>(recovered => metrics.AlertRecovered(recovered.TimersArmed));
            Receive<AlertResponseTimed>(timed => metrics.ResponseTime(timed.Measured));
        }

        protected override void PreStart()
        {
            Context.System.EventStream.Subscribe(Self, typeof(AlertWriteCompleted));
            Context.System.EventStream.Subscribe(Self, typeof(AlertRecovered));
            Context.System.EventStream.Subscribe(Self, typeof(AlertResponseTimed));
        }

        protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
    }
}
