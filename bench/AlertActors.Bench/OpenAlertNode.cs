using System.Diagnostics;
using System.Text.Json.Nodes;
using AlertActors.Host.Kafka;
using AlertActors.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlertActors.Bench;

/// <summary>
/// One node on SQLite, fed by the embedded Kafka broker, with open alerts loaded into it for the <c>recovery</c> and
/// <c>memory</c> scenarios: alert <c>i</c> is one critical event with its own dedup key
/// (<see cref="DedupKey"/>), so it fires once, records one PagerDuty trigger delivery and completes it, and stays open
/// with its auto-resolve due in 30 min (the default): the alert list's due index holds that time and the entity
/// passivates once idle (<c>alertactors.entity.passivate-idle-after</c>). <see cref="LoadDueAsync"/> adds alerts of
/// type <see cref="DueType"/> (<c>due-i</c>) whose rule auto-resolves them <see cref="DueAfter"/> after their event.
/// PagerDuty is in dry-run by default (the delivery is recorded, completed and persisted like a real one, but no
/// HTTP call leaves the node), so the load is not dominated by deliveries: with calls to the <see cref="ProviderStub"/>
/// (<c>--provider-stub</c>, the stub in this process) on the shared 2-core machine, the triggers fell far behind the
/// persisted events (after 270 s: 17.9k of 30k events persisted, 8.6k triggers received).
/// </summary>
public sealed class OpenAlertNode : IAsyncDisposable
{
    public const string Topic = "infra-events";
    public const string Type = "bench.open";

    /// <summary>Type of the alerts <see cref="LoadDueAsync"/> opens: auto-resolved <see cref="DueAfter"/> after their
    /// one event.</summary>
    public const string DueType = "bench.due";

    /// <summary>Auto-resolve time of <see cref="DueType"/> alerts (their rule's <c>auto-resolve-after</c>).</summary>
    public TimeSpan DueAfter { get; }

    /// <summary>Set (to anything) to keep the data dir of the loaded node, e.g. to profile its recovery again and
    /// again.</summary>
    public const string KeepDataVariable = "ALERTACTORS_BENCH_KEEP_DATA";

    private readonly OpenAlertTopic _topic;

    private OpenAlertNode(
        EmbeddedKafkaBroker broker,
        ProviderStub? stub,
        string dataDir,
        TimeSpan passivateIdleAfter,
        TimeSpan dueAfter
    )
    {
        PassivateIdleAfter = passivateIdleAfter;
        DueAfter = dueAfter;
        Broker = broker;
        Stub = stub;
        DataDir = dataDir;
        _topic = new OpenAlertTopic(broker);
    }

    public EmbeddedKafkaBroker Broker { get; }

    /// <summary>The provider stub PagerDuty calls go to, or null in dry-run.</summary>
    public ProviderStub? Stub { get; }

    public string DataDir { get; }

    /// <summary>The node process; replaced by <see cref="StartNodeAsync"/> after a stop.</summary>
    public NodeProcess Node { get; private set; } = null!;

    /// <summary>Open alerts loaded so far: alerts 0 … Loaded − 1.</summary>
    public int Loaded { get; private set; }

    /// <summary>Due alerts (<see cref="DueType"/>) loaded so far: due-0 … DueLoaded − 1.</summary>
    public int DueLoaded { get; private set; }

    /// <summary>The node's <c>alertactors.entity.passivate-idle-after</c>.</summary>
    public TimeSpan PassivateIdleAfter { get; }

    /// <summary>
    /// The node's configuration: the broker, PagerDuty only (dry-run, or the provider stub), a rule that auto-resolves
    /// <see cref="DueType"/> alerts after <see cref="DueAfter"/> and the default rule for the rest.
    /// </summary>
    public string Hocon =>
        $$"""
            alertactors.kafka.bootstrap-servers = "{{Broker.BootstrapServers}}"
            alertactors.defaults.providers = [pagerduty]
            alertactors.entity.passivate-idle-after = {{(int)PassivateIdleAfter.TotalMilliseconds}}ms
            alertactors.rules = [
              {
                name = due
                match { all = [{ field = type, op = eq, value = "{{DueType}}" }] }
                auto-resolve-after = {{(int)DueAfter.TotalSeconds}}s
              }
              {
                name = open
                match { all = [{ field = type, op = eq, value = "{{Type}}" }] }
              }
            ]
            {{Stub?.Hocon}}
            """;

    /// <summary>How the deliveries are made, for the result tables.</summary>
    public string Deliveries =>
        Stub is null ? "PagerDuty dry-run (recorded and persisted, no HTTP)" : "PagerDuty → provider stub over HTTP";

    /// <summary>Dedup key of open alert <paramref name="alert"/>: a named rule's alerts carry its name first.</summary>
    public static string DedupKey(int alert) => $"open:default:{Type}:alert-{alert}";

    /// <summary>Dedup key of due alert <paramref name="alert"/> (<see cref="LoadDueAsync"/>).</summary>
    public static string DueDedupKey(int alert) => $"due:default:{DueType}:due-{alert}";

    /// <summary><c>--provider-stub</c>: deliveries go over HTTP to a <see cref="ProviderStub"/> instead of
    /// dry-run.</summary>
    public static bool WantsProviderStub(BenchArgs args) => args.CommandLine.Split(' ').Contains("--provider-stub");

    /// <summary>
    /// Broker, stub (with <paramref name="providerStub"/>) and a node on an empty data dir, ready; idle alerts leave
    /// memory after <paramref name="passivateIdleAfter"/> (default 30 s, the product's default); <see cref="DueType"/>
    /// alerts auto-resolve <paramref name="dueAfter"/> after their event (default 40 s).
    /// </summary>
    public static async Task<OpenAlertNode> StartAsync(
        bool providerStub = false,
        TimeSpan? passivateIdleAfter = null,
        TimeSpan? dueAfter = null
    )
    {
        var broker = EmbeddedKafkaBroker.Start([Topic, Topic + ".dlq"], NullLogger.Instance);
        var stub = providerStub ? await ProviderStub.StartAsync() : null;
        var bench = new OpenAlertNode(
            broker,
            stub,
            Path.Combine(Path.GetTempPath(), "alertactors-bench", Guid.NewGuid().ToString("N")),
            passivateIdleAfter ?? TimeSpan.FromSeconds(30),
            dueAfter ?? TimeSpan.FromSeconds(40)
        );
        try
        {
            await bench.StartNodeAsync();
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }
        return bench;
    }

    /// <summary>Starts the node (again) on <see cref="DataDir"/>; <paramref name="launched"/> as in
    /// <see cref="BenchNode.StartAsync"/>.</summary>
    public async Task<NodeProcess> StartNodeAsync(Action<NodeProcess>? launched = null, TimeSpan? readyWithin = null)
    {
        Node = await BenchNode.StartAsync(
            DataDir,
            Hocon,
            readyWithin: readyWithin ?? TimeSpan.FromMinutes(5),
            launched: launched
        );
        return Node;
    }

    /// <summary>
    /// Time from the first produce until every event was persisted (offsets committed) and until every delivery was
    /// answered; <paramref name="Replayed"/> events the node had dead-lettered and the loader produced again.
    /// </summary>
    public sealed record LoadTimes(int Alerts, TimeSpan Persisted, TimeSpan Delivered, long Replayed)
    {
        public override string ToString() =>
            $"{Delivered.TotalSeconds:0.0} s for {Alerts} alerts ({Alerts / Delivered.TotalSeconds:0} alerts/s; events persisted after {Persisted.TotalSeconds:0.0} s)"
            + (
                Replayed > 0
                    ? $"; {Replayed} events were DEAD-LETTERED by the node (no alert confirmed them within kafka.ingest-attempts) and produced again"
                    : ""
            );
    }

    /// <summary>
    /// Opens alerts <see cref="Loaded"/> … <paramref name="total"/> − 1 and waits until they are settled: every Kafka
    /// offset committed (each event persisted or dead-lettered), every delivery answered
    /// (<c>alertactors_notifications_total</c> of this node process: one trigger per alert), and the node's journal
    /// writes quiet (the delivery confirmations persisted). Events the node dead-letters (a starved node: the alert did
    /// not confirm in time) are read back from the DLQ and produced again, as an operator would (<c>alertctl dlq</c> is
    /// for deliveries; this is the Kafka DLQ), so that every alert is opened; a duplicate of an event already recorded
    /// is ignored by its alert.
    /// </summary>
    public async Task<LoadTimes> LoadToAsync(int total)
    {
        var times = await ProduceAndSettleAsync(
            Enumerable
                .Range(Loaded, total - Loaded)
                .Select(i =>
                    (
                        $"alert-{i}",
                        $$"""{"id":"open-{{i}}","source":"bench","type":"{{Type}}","subject":"alert-{{i}}","severity":"critical"}"""
                    )
                ),
            total + DueLoaded
        );
        Loaded = total;
        return times;
    }

    /// <summary>
    /// Opens <paramref name="count"/> more alerts of type <see cref="DueType"/> (auto-resolve due
    /// <see cref="DueAfter"/> after their event) and waits as <see cref="LoadToAsync"/> does.
    /// </summary>
    public async Task<LoadTimes> LoadDueAsync(int count)
    {
        var times = await ProduceAndSettleAsync(
            Enumerable
                .Range(DueLoaded, count)
                .Select(i =>
                    (
                        $"due-{i}",
                        $$"""{"id":"due-{{i}}","source":"bench","type":"{{DueType}}","subject":"due-{{i}}","severity":"critical"}"""
                    )
                ),
            Loaded + DueLoaded + count
        );
        DueLoaded += count;
        return times;
    }

    /// <summary>Produces the events, then waits until each is committed and the node answered
    /// <paramref name="deliveries"/> deliveries in all.</summary>
    private async Task<LoadTimes> ProduceAndSettleAsync(IEnumerable<(string Key, string Json)> events, int deliveries)
    {
        var clock = Stopwatch.StartNew();
        var count = _topic.Produce(events);
        var within = TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(count / 50.0);

        var replayed = 0L;
        long committed;
        while (true)
        {
            while ((committed = await _topic.CommittedAsync()) < _topic.Produced && clock.Elapsed < within)
            {
                if (Node.HasExited)
                    throw new InvalidOperationException($"node exited while loading:\n{Node.OutputTail()}");
                await Task.Delay(250);
            }
            if (committed < _topic.Produced || _topic.ReplayDeadLetters() is not (> 0 and var again))
                break;
            replayed += again;
        }
        var persisted = clock.Elapsed;

        var delivered = 0L;
        while (
            committed >= _topic.Produced
            && (delivered = await DeliveriesAnsweredAsync()) < deliveries
            && clock.Elapsed < within
        )
            await Task.Delay(250);
        if (committed < _topic.Produced || delivered < deliveries)
        {
            Console.Error.WriteLine($"--- node output (tail) when loading timed out:\n{Node.OutputTail()}");
            throw new TimeoutException(
                $"after {within.TotalSeconds:0} s: {committed} of {_topic.Produced} events committed, {delivered} of {deliveries} deliveries answered"
            );
        }
        var times = new LoadTimes(count, persisted, clock.Elapsed, replayed);
        await QuietAsync(TimeSpan.FromMinutes(2));
        return times;
    }

    /// <summary>Alerts the alert list shows with <paramref name="status"/> (<c>GET /api/v1/alerts?status=</c>, its
    /// <c>total</c>; the list is a projection, ≈ 200 ms behind).</summary>
    public async Task<int> AlertsWithStatusAsync(string status) =>
        JsonNode.Parse(await Node.Http.GetStringAsync($"/api/v1/alerts?status={status}&limit=1"))![
            "total"
        ]!.GetValue<int>();

    /// <summary>Delivery attempts the node process has had answered so far, any outcome (delivered, dry_run,
    /// …).</summary>
    public async Task<long> DeliveriesAnsweredAsync() =>
        (long)((await PrometheusScrape.FromAsync(Node.Http)).Sum("alertactors_notifications_total") ?? 0);

    /// <summary>Waits until the node's alert journal writes (<c>alertactors_journal_write_events_count</c>) stop for
    /// 1.5 s.</summary>
    public async Task QuietAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        double? last = null;
        var stable = 0;
        while (DateTime.UtcNow < deadline && stable < 3)
        {
            var writes = (await PrometheusScrape.FromAsync(Node.Http)).Sum("alertactors_journal_write_events_count");
            stable = writes is not null && writes == last ? stable + 1 : 0;
            last = writes;
            await Task.Delay(500);
        }
    }

    /// <summary>GET /api/v1/alerts/{key} of alert <paramref name="alert"/>; a 503 (the alert did not answer in time: a
    /// busy node) is asked again.</summary>
    public Task<JsonNode> AlertAsync(int alert) => AlertAsync(DedupKey(alert));

    /// <summary>GET /api/v1/alerts/{key} of due alert <paramref name="alert"/> (<see cref="LoadDueAsync"/>), as
    /// <see cref="AlertAsync(int)"/>.</summary>
    public Task<JsonNode> DueAlertAsync(int alert) => AlertAsync(DueDedupKey(alert));

    private async Task<JsonNode> AlertAsync(string dedupKey)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await Node.Http.GetAsync($"/api/v1/alerts/{Uri.EscapeDataString(dedupKey)}");
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || attempt == 5)
                return JsonNode.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
            await Task.Delay(TimeSpan.FromSeconds(attempt));
        }
    }

    /// <summary>Alert entities alive in the <c>alert</c> shard region (GET /api/v1/cluster); null when the regions did
    /// not answer.</summary>
    public async Task<int?> EntitiesAsync()
    {
        var cluster = JsonNode.Parse(await Node.Http.GetStringAsync("/api/v1/cluster"))!;
        var region = cluster["shard_regions"]
            ?.AsArray()
            .FirstOrDefault(r => r?["type_name"]?.GetValue<string>() == "alert");
        return region is null || region["error"] is JsonValue ? null : region["entities"]!.GetValue<int>();
    }

    /// <summary>Resident set size of the node in bytes, read from /proc (<see cref="ProcessStats.RssMiB"/>).</summary>
    public long RssBytes() => (long)(ProcessStats.RssMiB(Node.ProcessId) * 1024 * 1024);

    /// <summary>CPU time (user + system) the node process has used so far, in seconds, from /proc (Linux; see
    /// <see cref="ProcessStats.CpuSeconds"/>).</summary>
    public static double CpuSeconds(NodeProcess node) => ProcessStats.CpuSeconds(node.ProcessId);

    /// <summary>The managed heap as the runtime metrics report it, or null when /metrics has none of them.</summary>
    public static double? GcHeapBytes(PrometheusScrape scrape) =>
        scrape.Sum("dotnet_gc_last_collection_heap_size_bytes");

    public async ValueTask DisposeAsync()
    {
        if (Node is not null)
            await Node.DisposeAsync();
        _topic.Dispose();
        if (Stub is not null)
            await Stub.DisposeAsync();
        Broker.Dispose();
        if (Environment.GetEnvironmentVariable(KeepDataVariable) is { Length: > 0 })
        {
            Console.Error.WriteLine($"{KeepDataVariable}: the loaded node's data is kept in {DataDir}");
            return;
        }
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException) { }
    }
}
