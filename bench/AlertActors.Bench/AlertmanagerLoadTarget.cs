using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlertActors.Bench;

/// <summary>
/// Alertmanager under the distinct-alert load: alerts posted to <c>/api/v2/alerts</c> (the labels of the anchor's
/// <c>load.py</c> plus a <c>probe</c> label), each its own group (<c>group_by: ['...']</c>) and so one webhook POST;
/// the anchor's sink timestamps the first arrival of each probe (wall clock, converted to this process's Stopwatch).
/// </summary>
public sealed class AlertmanagerLoadTarget : ILoadTarget
{
    private readonly AlertmanagerProcess _process;
    private readonly HttpAlertSender _sender;
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    private AlertmanagerLoadTarget(AlertmanagerProcess process, LoadOptions options)
    {
        _process = process;
        _sender = new HttpAlertSender(
            process.Url,
            "/api/v2/alerts",
            Body,
            options.Batch,
            options.Connections,
            options.PacedConnections
        );
        Method =
            _sender.Describe("POST /api/v2/alerts (JSON array per batch)")
            + "; webhook → anchor sink_async.py (Python asyncio); alertmanager.yml: group_by ['...'], group_wait 0s (one webhook POST per alert)";
        Arrivals = new SinkArrivals(process.SinkUrl);
    }

    public AlertmanagerProcess Process => _process;

    public string Name => "Alertmanager";

    public string Method { get; }

    public string Storage =>
        "alerts and aggregation groups in memory only (silences and notification log snapshotted to --storage.path every 15 min); gossip off";

    public int ProcessId => _process.ProcessId;

    public IAlertSender Sender => _sender;

    public IArrivalSource Arrivals { get; }

    public static async Task<AlertmanagerLoadTarget> StartAsync(LoadOptions options) =>
        new(await AlertmanagerProcess.StartAsync(), options);

    public Task QuiesceAsync() => Task.Delay(500);

    private byte[] Body(LoadPhase phase, int start, int count)
    {
        var alerts = new JsonArray();
        for (var i = start; i < start + count; i++)
        {
            alerts.Add(
                new JsonObject
                {
                    ["labels"] = new JsonObject
                    {
                        ["alertname"] = "LoadTest",
                        ["run"] = _run,
                        ["instance"] = $"i-{phase.Name(i)}",
                        ["severity"] = "critical",
                        ["service"] = $"svc-{i % 50}",
                        ["probe"] = phase.Name(i),
                    },
                    ["annotations"] = new JsonObject { ["summary"] = $"load alert {i}" },
                    ["generatorURL"] = "http://loadgen/",
                }
            );
        }
        return JsonSerializer.SerializeToUtf8Bytes(alerts);
    }

    public async ValueTask DisposeAsync()
    {
        await _sender.DisposeAsync();
        ((SinkArrivals)Arrivals).Dispose();
        await _process.DisposeAsync();
    }

    /// <summary>The sink's counters (/stats, reset per phase) and per-probe first arrival
    /// (/probe/&lt;id&gt;).</summary>
    private sealed class SinkArrivals(Uri sink) : IArrivalSource, IDisposable
    {
        private readonly HttpClient _http = new(
            new SocketsHttpHandler { MaxConnectionsPerServer = 8, UseProxy = false }
        )
        {
            BaseAddress = sink,
            Timeout = TimeSpan.FromSeconds(30),
        };
        private long _anchorTimestamp;
        private double _anchorUnixSeconds;

        public async Task ResetAsync(LoadPhase phase)
        {
            (await _http.GetAsync("/reset")).EnsureSuccessStatusCode();
            _anchorTimestamp = Stopwatch.GetTimestamp();
            _anchorUnixSeconds = (DateTime.UtcNow - DateTime.UnixEpoch).TotalSeconds;
        }

        public async Task<int> DeliveredAsync(LoadPhase phase) => (await StatsAsync())["probes"]!.GetValue<int>();

        public async Task<PhaseResult> CollectAsync(LoadPhase phase)
        {
            var first = new long[phase.Count];
            var arrivals = new int[phase.Count];
            await Parallel.ForEachAsync(
                Enumerable.Range(0, phase.Count),
                new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (i, ct) =>
                {
                    using var response = await _http.GetAsync($"/probe/{phase.Name(i)}", ct);
                    if (!response.IsSuccessStatusCode)
                        return;
                    var received = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))![
                        "received_at"
                    ]!.GetValue<double>();
                    first[i] = _anchorTimestamp + (long)((received - _anchorUnixSeconds) * Stopwatch.Frequency);
                    arrivals[i] = 1;
                }
            );
            // The sink keeps only the first arrival per probe: alerts beyond the distinct ones are repeats.
            var stats = await StatsAsync();
            var repeats = stats["alerts"]!.GetValue<int>() - stats["probes"]!.GetValue<int>();
            return PhaseResult.From(phase, first, arrivals, repeats);
        }

        public Task<PhaseResult> RecountAsync(PhaseResult result) => Task.FromResult(result);

        private async Task<JsonNode> StatsAsync() => JsonNode.Parse(await _http.GetStringAsync("/stats"))!;

        public void Dispose() => _http.Dispose();
    }
}
