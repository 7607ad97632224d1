using System.Diagnostics;
using System.Text;
using AlertActors.Host.Kafka;
using AlertActors.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlertActors.Bench;

/// <summary>
/// One AlertActors node (SQLite) fed over Kafka or HTTP, its PagerDuty pointed at the <see cref="ProviderStub"/>,
/// <c>defaults.providers = [pagerduty]</c>: every distinct critical event opens one alert, which makes exactly one
/// trigger call, matched back to its event by dedup key <c>default:bench.new:&lt;tag&gt;-&lt;i&gt;</c>.
/// </summary>
public sealed class AlertActorsLoadTarget : ILoadTarget
{
    public const string Type = "bench.new";
    private const string Topic = "infra-events";

    private readonly EmbeddedKafkaBroker? _broker;
    private readonly ProviderStub _stub;
    private readonly NodeProcess _node;
    private readonly string _dataDir;

    private AlertActorsLoadTarget(
        string transport,
        EmbeddedKafkaBroker? broker,
        ProviderStub stub,
        NodeProcess node,
        string dataDir,
        LoadOptions options
    )
    {
        _broker = broker;
        _stub = stub;
        _node = node;
        _dataDir = dataDir;
        Name = $"AlertActors {transport}";
        if (broker is not null)
        {
            var kafka = new KafkaAlertSender(broker.BootstrapServers, Topic, (phase, i) => Event(phase, i));
            Sender = kafka;
            Method = kafka.Describe;
        }
        else
        {
            var http = new HttpAlertSender(
                node.Http.BaseAddress!,
                "/api/v1/events",
                Body,
                options.Batch,
                options.Connections,
                options.PacedConnections
            );
            Sender = http;
            Method = http.Describe(
                "POST /api/v1/events (JSON array per batch; the node records a batch's events concurrently, each dedup key in order)"
            );
        }
        Arrivals = new StubArrivals(stub);
    }

    public string Name { get; }

    public string Method { get; }

    public string Storage =>
        "every alert event-sourced and persisted (SQLite journal, WAL) before its 202/offset commit and before the provider call; one node";

    public int ProcessId => _node.ProcessId;

    public IAlertSender Sender { get; }

    public IArrivalSource Arrivals { get; }

    public NodeProcess Node => _node;

    /// <summary>transport = "kafka" (bench-hosted embedded broker) or "http".</summary>
    public static async Task<AlertActorsLoadTarget> StartAsync(string transport, LoadOptions options)
    {
        if (transport is not ("kafka" or "http"))
            throw new ArgumentException($"unknown transport '{transport}' (kafka, http)");
        var broker =
            transport == "kafka" ? EmbeddedKafkaBroker.Start([Topic, Topic + ".dlq"], NullLogger.Instance) : null;
        ProviderStub? stub = null;
        try
        {
            stub = await ProviderStub.StartAsync();
            var dataDir = Path.Combine(Path.GetTempPath(), "alertactors-bench", Guid.NewGuid().ToString("N"));
            var hocon =
                $"{stub.Hocon}\nalertactors.defaults.providers = [pagerduty]\n"
                + (broker is null ? "" : $"alertactors.kafka.bootstrap-servers = \"{broker.BootstrapServers}\"\n");
            var node = await BenchNode.StartAsync(dataDir, hocon);
            return new AlertActorsLoadTarget(
                transport == "kafka" ? "Kafka" : "HTTP",
                broker,
                stub,
                node,
                dataDir,
                options
            );
        }
        catch
        {
            if (stub is not null)
                await stub.DisposeAsync();
            broker?.Dispose();
            throw;
        }
    }

    /// <summary>One CloudEvent: a critical <c>bench.new</c> on subject <c>&lt;tag&gt;-&lt;i&gt;</c> (its own dedup
    /// key).</summary>
    public static byte[] Event(LoadPhase phase, int i) => Encoding.UTF8.GetBytes(EventJson(phase, i));

    private static string EventJson(LoadPhase phase, int i) =>
        $$$"""{"specversion":"1.0","id":"bench-{{{phase.Name(i)}}}","source":"bench/loadgen","type":"{{{Type}}}","subject":"{{{phase.Name(i)}}}","severity":"critical","summary":"load alert {{{i}}}","data":{"service":"svc-{{{i % 50}}}"}}""";

    private static byte[] Body(LoadPhase phase, int start, int count) =>
        count == 1
            ? Event(phase, start)
            : Encoding.UTF8.GetBytes(
                "[" + string.Join(',', Enumerable.Range(start, count).Select(i => EventJson(phase, i))) + "]"
            );

    /// <summary>
    /// The journal stops growing: a delivered trigger still writes its confirmation after the stub answered, and the
    /// next phase should not pay for the previous one's leftovers.
    /// </summary>
    public async Task QuiesceAsync()
    {
        var deadline = Stopwatch.StartNew();
        long? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var now = JournalHighWatermark();
            if (now == last)
                return;
            last = now;
            await Task.Delay(500);
        }
    }

    private long JournalHighWatermark()
    {
        using var connection = new SqliteConnection(
            $"Data Source={Path.Combine(_dataDir, "alertactors.db")};Mode=ReadOnly;Pooling=False"
        );
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The node's own counters of what came in and went out (/metrics), e.g. "events_in{kafka,accepted} 2200;
    /// …".</summary>
    public async Task<string> CountersAsync()
    {
        try
        {
            var text = await _node.Http.GetStringAsync("/metrics");
            var counters = text.Split('\n')
                .Where(line => CounterNames.Any(name => line.StartsWith(name + "{", StringComparison.Ordinal)))
                .Select(line =>
                {
                    var labels = line[(line.IndexOf('{') + 1)..line.IndexOf('}')]
                        .Split(',')
                        .Select(l => l.Split('=', 2))
                        .Where(l => l[0] is "source" or "outcome" or "provider" or "topic")
                        .Select(l => l[1].Trim('"'));
                    var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
                    return $"{line[..line.IndexOf('{')].Replace("alertactors_", "", StringComparison.Ordinal).Replace("_total", "", StringComparison.Ordinal)}{{{string.Join(',', labels)}}} {value}";
                });
            return string.Join("; ", counters);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return $"/metrics not read: {ex.Message}";
        }
    }

    private static readonly string[] CounterNames =
    [
        "alertactors_events_in_total",
        "alertactors_kafka_dead_letters_total",
        "alertactors_notifications_total",
    ];

    public async ValueTask DisposeAsync()
    {
        await Sender.DisposeAsync();
        await _node.DisposeAsync();
        await _stub.DisposeAsync();
        _broker?.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException) { }
    }

    /// <summary>PagerDuty trigger calls the stub accepted for a phase's dedup keys (timestamps taken by the
    /// stub).</summary>
    private sealed class StubArrivals(ProviderStub stub) : IArrivalSource
    {
        private const string Prefix = "default:" + Type + ":";
        private readonly Dictionary<string, LoadPhase> _phases = [];

        public Task ResetAsync(LoadPhase phase)
        {
            _phases[phase.Tag] = phase;
            return Task.CompletedTask;
        }

        public Task<int> DeliveredAsync(LoadPhase phase) =>
            Task.FromResult(stub.Arrivals.Count(a => IsTrigger(a) && phase.TryIndex(a.Key, out _)));

        public Task<PhaseResult> CollectAsync(LoadPhase phase)
        {
            var first = new long[phase.Count];
            var arrivals = new int[phase.Count];
            foreach (var arrival in stub.Arrivals)
            {
                if (!IsTrigger(arrival) || !phase.TryIndex(arrival.Key, out var i))
                    continue;
                if (arrivals[i]++ == 0)
                    first[i] = arrival.Timestamp;
            }
            return Task.FromResult(PhaseResult.From(phase, first, arrivals));
        }

        public Task<PhaseResult> RecountAsync(PhaseResult result) => CollectAsync(_phases[result.Tag]);

        private static bool IsTrigger(ProviderStub.Arrival arrival) =>
            arrival is { Provider: "pagerduty", Action: "trigger" }
            && arrival.Key.StartsWith(Prefix, StringComparison.Ordinal);
    }
}
