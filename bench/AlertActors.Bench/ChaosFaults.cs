using System.Diagnostics;
using Confluent.Kafka;

namespace AlertActors.Bench;

/// <summary>
/// The faults <see cref="ChaosScenario"/> injects, each at its time on the stream's clock (<see cref="ChaosOptions"/>):
/// SIGKILL of the victim node, the provider stub answering 503, then 429, then refusing connections, the poison burst
/// and the victim's restart; and what each of them showed (the killed node's share of the shards, when it was removed
/// from the cluster and ready again, where each poison message was written).
/// </summary>
internal sealed class ChaosFaults(
    ChaosOptions options,
    BenchCluster cluster,
    ProviderStub stub,
    IProducer<string, byte[]> producer,
    WrittenOffsets written,
    Stopwatch clock,
    ChaosLog log
)
{
    /// <summary>What the killed node hosted before the kill ("N of M shards, E alerts").</summary>
    public string KilledHosted { get; private set; } = "";

    /// <summary>When the kill happened, on the stream's clock.</summary>
    public TimeSpan KilledAt { get; private set; } = TimeSpan.Zero;

    /// <summary>Time from the kill until the cluster removed the node; null when it never did.</summary>
    public TimeSpan? DownedAfter { get; private set; }

    /// <summary>Time the restarted node took to be ready; null when it was not restarted.</summary>
    public TimeSpan? RejoinedAfter { get; private set; }

    /// <summary>The poison messages produced: their kind and where they were written.</summary>
    public List<(string Kind, int Partition, long Offset)> PoisonSent { get; } = [];

    /// <summary>Runs every fault on its own task, each waiting for its time; completes when all have
    /// happened.</summary>
    public Task RunAsync()
    {
        var poison = ChaosPlan.Poison(options.Poison, options.SkipPoison);
        return Task.WhenAll(
            Task.Run(KillAsync),
            Task.Run(ProviderFaultsAsync),
            Task.Run(() => PoisonAsync(poison)),
            Task.Run(RestartAsync)
        );
    }

    private async Task KillAsync()
    {
        var (victim, killAt) = (options.Victim, options.KillAt);
        // Its share of the shards: the latest stats that answer before the kill (they may take seconds on a busy
        // machine, and one still asking when the node dies never answers); the kill itself is on time.
        await At(Math.Max(0, killAt - 6));
        IReadOnlyDictionary<string, (int Shards, int Entities)> shards = new Dictionary<string, (int, int)>();
        var asker = cluster.Nodes.Where((_, i) => i != victim).First(n => n is { HasExited: false })!;
        while (clock.Elapsed < TimeSpan.FromSeconds(killAt))
        {
            var stats = ChaosObservations.ShardsPerNodeAsync(asker);
            await Task.WhenAny(stats, At(killAt));
            if (!stats.IsCompleted)
                break;
            if (stats.Result.Values.Sum(v => v.Shards) > 0)
                shards = stats.Result;
            await Task.WhenAny(Task.Delay(500), At(killAt));
        }
        await cluster.KillAsync(victim);
        KilledAt = clock.Elapsed;
        KilledHosted = shards.TryGetValue(cluster.AddressOf(victim), out var own)
            ? $"{own.Shards} of {shards.Values.Sum(v => v.Shards)} shards, {own.Entities} alerts"
            : "? shards (no shard stats answered before the kill)";
        log.Say($"killed node {victim + 1} (SIGKILL), it hosted {KilledHosted}");
        DownedAfter = await ChaosObservations.RemovedAfterAsync(cluster, victim, options.Within);
        log.Say(
            DownedAfter is { } d
                ? $"node {victim + 1} removed from the cluster {d.TotalSeconds:0.0} s after the kill"
                : $"node {victim + 1} never removed"
        );
    }

    private async Task ProviderFaultsAsync()
    {
        var (faultsAt, faultSeconds) = (options.FaultsAt, options.FaultSeconds);
        await At(faultsAt);
        stub.Mode = ProviderStub.Behaviour.ServerError;
        log.Say("provider answers 503");
        await At(faultsAt + faultSeconds);
        stub.Mode = ProviderStub.Behaviour.TooManyRequests;
        log.Say("provider answers 429 (Retry-After: 1)");
        await At(faultsAt + 2 * faultSeconds);
        stub.Mode = ProviderStub.Behaviour.Accept;
        await stub.RefuseConnectionsAsync();
        log.Say("provider refuses connections");
        await At(faultsAt + 3 * faultSeconds);
        await stub.AcceptConnectionsAsync();
        log.Say("provider accepts again");
    }

    private async Task PoisonAsync(IReadOnlyList<(string Kind, byte[] Value)> poison)
    {
        await At(options.PoisonAt);
        var reports = await Task.WhenAll(
            poison.Select(
                (p, n) =>
                    producer.ProduceAsync(
                        BenchCluster.Topic,
                        new Message<string, byte[]> { Key = $"poison-{n}", Value = p.Value }
                    )
            )
        );
        foreach (var (report, n) in reports.Select((r, n) => (r, n)))
        {
            PoisonSent.Add((poison[n].Kind, report.Partition.Value, report.Offset.Value));
            written.Add(report.Partition.Value, report.Offset.Value);
        }
        log.Say($"{PoisonSent.Count} poison messages produced");
    }

    private async Task RestartAsync()
    {
        if (options.RestartAt <= 0)
            return;
        await At(options.RestartAt);
        var started = clock.Elapsed;
        await cluster.RestartAsync(options.Victim);
        RejoinedAfter = clock.Elapsed - started;
        log.Say($"node {options.Victim + 1} restarted, ready after {RejoinedAfter.Value.TotalSeconds:0.0} s");
    }

    private async Task At(double seconds)
    {
        var wait = TimeSpan.FromSeconds(seconds) - clock.Elapsed;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
    }
}
