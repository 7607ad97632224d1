using System.Diagnostics;
using System.Globalization;

namespace AlertActors.Bench;

/// <summary>
/// The distinct-alert load that <c>new-alerts</c> and <c>alertmanager</c> share: every event is a new incident
/// (its own dedup key / Alertmanager group), sent first as a burst (as fast as the transport takes them) and then
/// paced at a fixed rate. Each event's send moment and its first arrival at the receiving end (provider stub or
/// webhook sink) are kept on this process's <see cref="Stopwatch"/> clock, so latency = arrival − send.
/// </summary>
public static class DistinctAlertLoad
{
    /// <summary>Runs warm-up (not reported), burst, then paced against one target.</summary>
    public static async Task<TargetResult> RunAsync(ILoadTarget target, LoadOptions options)
    {
        Console.Error.WriteLine(
            $"[{target.Name}] warm-up {options.WarmUp}, burst {options.Burst}, paced {options.Rate}/s × {options.Seconds} s"
        );
        if (options.WarmUp > 0)
        {
            var warmUp = await RunPhaseAsync(target, new LoadPhase("w", options.WarmUp), rate: null);
            if (warmUp.Missing > 0)
                throw new InvalidOperationException(
                    $"{target.Name}: warm-up delivered only {warmUp.Delivered} of {warmUp.Count}"
                );
            await target.QuiesceAsync();
        }
        var baselineRss = ProcessStats.RssMiB(target.ProcessId);
        var cpu = ProcessStats.CpuSeconds(target.ProcessId);
        var burst = await RunPhaseAsync(target, new LoadPhase("b", options.Burst), rate: null);
        Console.Error.WriteLine($"[{target.Name}] burst: {burst.Summary}");
        await target.QuiesceAsync();
        var burstCpu = ProcessStats.CpuSeconds(target.ProcessId) - cpu;
        cpu += burstCpu;
        var paced = await RunPhaseAsync(target, new LoadPhase("p", options.Rate * options.Seconds), options.Rate);
        Console.Error.WriteLine($"[{target.Name}] paced: {paced.Summary}");
        await target.QuiesceAsync();
        var pacedCpu = ProcessStats.CpuSeconds(target.ProcessId) - cpu;
        // Late duplicates (at-least-once redelivery after the phase ended) are counted again at the end.
        burst = await target.Arrivals.RecountAsync(burst) with
        {
            CpuSeconds = burstCpu,
        };
        paced = await target.Arrivals.RecountAsync(paced) with { CpuSeconds = pacedCpu };
        return new TargetResult(
            target.Name,
            target.Method,
            target.Storage,
            burst,
            paced,
            baselineRss,
            ProcessStats.PeakRssMiB(target.ProcessId)
        );
    }

    private static async Task<PhaseResult> RunPhaseAsync(ILoadTarget target, LoadPhase phase, int? rate)
    {
        await target.Arrivals.ResetAsync(phase);
        if (rate is { } perSecond)
            await target.Sender.PacedAsync(phase, perSecond);
        else
            await target.Sender.BurstAsync(phase);

        // Wait for every arrival: give up after 60 s without progress (or 10 min in all).
        var deadline = Stopwatch.StartNew();
        var lastProgress = Stopwatch.StartNew();
        var delivered = 0;
        while (
            delivered < phase.Count
            && lastProgress.Elapsed < TimeSpan.FromSeconds(60)
            && deadline.Elapsed < TimeSpan.FromMinutes(10)
        )
        {
            var now = await target.Arrivals.DeliveredAsync(phase);
            if (now > delivered)
                lastProgress.Restart();
            delivered = now;
            if (delivered < phase.Count)
                await Task.Delay(20);
        }
        return await target.Arrivals.CollectAsync(phase);
    }

    /// <summary>Invariants of one system: every alert of each phase arrived (duplicates are reported, not
    /// failed).</summary>
    public static void AddChecks(ResultTable table, TargetResult result, string? logTail = null)
    {
        foreach (var phase in new[] { result.Burst, result.Paced })
        {
            var name = phase.Tag == "b" ? "burst" : "paced";
            table.Check(
                $"{result.Name} {name}: every alert delivered",
                phase.Missing == 0,
                $"{phase.Delivered} of {phase.Count}; duplicates {phase.Duplicates}; failed sends {phase.SendErrors}, retried {phase.Retries}"
                    + (phase.Missing > 0 && logTail is { Length: > 0 } ? $"; log tail: {OneLine(logTail)}" : "")
            );
        }
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ⏎ ").Replace('|', '/');
        return line.Length > 600 ? line[^600..] : line;
    }

    /// <summary>"1,234": grouped digits, no decimals, for the tables.</summary>
    public static string N0(double value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>Ratio ours / theirs with two significant digits, e.g. "0.12×".</summary>
    public static string Ratio(double ours, double theirs) =>
        theirs is 0 or double.NaN || double.IsNaN(ours)
            ? "n/a"
            : (ours / theirs).ToString(ours / theirs < 10 ? "0.00" : "0", CultureInfo.InvariantCulture) + "×";
}

/// <summary>Sizes of the load (command line: --alerts N --rate R --seconds S --batch B --connections C --warm-up
/// W).</summary>
public sealed record LoadOptions(
    int Burst,
    int Rate,
    int Seconds,
    int Batch,
    int Connections,
    int PacedConnections,
    int WarmUp
)
{
    public static LoadOptions From(BenchArgs args) =>
        new(
            Burst: args.Int("--alerts", quick: 500, full: 20_000),
            Rate: args.Int("--rate", quick: 500, full: 1_000),
            Seconds: args.Int("--seconds", quick: 1, full: 10),
            Batch: args.Int("--batch", quick: 100, full: 100),
            Connections: args.Int("--connections", quick: 8, full: 8),
            PacedConnections: args.Int("--paced-connections", quick: 64, full: 64),
            WarmUp: args.Int("--warm-up", quick: 50, full: 500)
        );

    public string Describe =>
        $"burst: {DistinctAlertLoad.N0(Burst)} distinct alerts as fast as the transport takes them; paced: {DistinctAlertLoad.N0(Rate)}/s for {Seconds} s "
        + $"({DistinctAlertLoad.N0(Rate * Seconds)} more); warm-up of {WarmUp} first (not counted)";
}

/// <summary>One phase of the load: <see cref="Count"/> distinct alerts named <c>&lt;tag&gt;-&lt;i&gt;</c>.</summary>
public sealed class LoadPhase(string tag, int count)
{
    public string Tag { get; } = tag;

    public int Count { get; } = count;

    /// <summary>Stopwatch timestamp at which alert i was handed to the transport (0 = never sent).</summary>
    public long[] Sent { get; } = new long[count];

    /// <summary>Requests or messages that failed for good (after retries), and retried ones.</summary>
    public int SendErrors;

    public int Retries;

    public string Name(int i) => $"{Tag}-{i}";

    /// <summary>The index of an alert from a name that ends with <c>&lt;tag&gt;-&lt;i&gt;</c>.</summary>
    public bool TryIndex(ReadOnlySpan<char> name, out int index)
    {
        index = -1;
        var dash = name.LastIndexOf('-');
        if (
            dash < Tag.Length
            || !name[(dash - Tag.Length)..dash].SequenceEqual(Tag)
            || (dash > Tag.Length && char.IsLetterOrDigit(name[dash - Tag.Length - 1]))
        )
            return false;
        return int.TryParse(name[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out index)
            && index < Count;
    }
}

/// <summary>What one phase measured.</summary>
public sealed record PhaseResult(
    string Tag,
    int Count,
    int Delivered,
    int Duplicates,
    int SendErrors,
    int Retries,
    TimeSpan SendTime,
    TimeSpan UntilLastArrival,
    IReadOnlyList<double> LatencyMs
)
{
    public int Missing => Count - Delivered;

    /// <summary>CPU time (user + system) the system's process used from the phase's start until it was quiet
    /// again.</summary>
    public double CpuSeconds { get; init; } = double.NaN;

    /// <summary>"1.9 ms CPU per alert (3.8 s)".</summary>
    public string Cpu =>
        double.IsNaN(CpuSeconds)
            ? "n/a"
            : $"{1000 * CpuSeconds / Math.Max(1, Delivered):0.00} ms CPU per alert ({CpuSeconds:0.0} s in all)";

    /// <summary>Distinct alerts delivered per second, from the first send to the last first arrival.</summary>
    public double Throughput =>
        UntilLastArrival > TimeSpan.Zero ? Delivered / UntilLastArrival.TotalSeconds : double.NaN;

    public double SendRate => SendTime > TimeSpan.Zero ? Count / SendTime.TotalSeconds : double.NaN;

    public double P99 => Percentiles.P99(LatencyMs.ToArray());

    public string Latency => Percentiles.Describe(LatencyMs.ToArray());

    public string Summary =>
        $"{Delivered}/{Count} delivered in {UntilLastArrival.TotalSeconds:0.00} s → {DistinctAlertLoad.N0(Throughput)} alerts/s; {Latency}; dup {Duplicates}, send errors {SendErrors}";

    /// <summary>
    /// Builds the result from send timestamps and, per alert, its first arrival and number of arrivals;
    /// <paramref name="extraDuplicates"/> = repeats known only as a total.
    /// </summary>
    public static PhaseResult From(LoadPhase phase, long[] firstArrival, int[] arrivals, int extraDuplicates = 0)
    {
        var sent = phase.Sent.Where(t => t != 0).ToArray();
        var first = sent.Length == 0 ? 0 : sent.Min();
        var lastSent = sent.Length == 0 ? 0 : sent.Max();
        var latencies = new List<double>(phase.Count);
        long lastArrival = first;
        var delivered = 0;
        var duplicates = extraDuplicates;
        for (var i = 0; i < phase.Count; i++)
        {
            if (arrivals[i] == 0)
                continue;
            delivered++;
            duplicates += arrivals[i] - 1;
            lastArrival = Math.Max(lastArrival, firstArrival[i]);
            if (phase.Sent[i] != 0)
                latencies.Add(Stopwatch.GetElapsedTime(phase.Sent[i], firstArrival[i]).TotalMilliseconds);
        }
        return new PhaseResult(
            phase.Tag,
            phase.Count,
            delivered,
            duplicates,
            phase.SendErrors,
            phase.Retries,
            Stopwatch.GetElapsedTime(first, lastSent),
            Stopwatch.GetElapsedTime(first, lastArrival),
            latencies
        );
    }
}

/// <summary>A system under load, driven the same way: burst then paced.</summary>
public sealed record TargetResult(
    string Name,
    string Method,
    string Storage,
    PhaseResult Burst,
    PhaseResult Paced,
    double BaselineRssMiB,
    double PeakRssMiB
);

/// <summary>Hands alerts to a system: all at once, or at a fixed rate. Records each alert's send timestamp in the
/// phase.</summary>
public interface IAlertSender : IAsyncDisposable
{
    Task BurstAsync(LoadPhase phase);

    Task PacedAsync(LoadPhase phase, int perSecond);
}

/// <summary>Where the alerts come out (provider stub or webhook sink).</summary>
public interface IArrivalSource
{
    /// <summary>Before a phase starts.</summary>
    Task ResetAsync(LoadPhase phase);

    /// <summary>Cheap progress: how many of the phase's alerts have arrived (duplicates may count).</summary>
    Task<int> DeliveredAsync(LoadPhase phase);

    /// <summary>First arrival and arrival count of every alert of the phase.</summary>
    Task<PhaseResult> CollectAsync(LoadPhase phase);

    /// <summary>Counts again at the end (late duplicates); may return <paramref name="result"/> when it
    /// cannot.</summary>
    Task<PhaseResult> RecountAsync(PhaseResult result);
}

/// <summary>One system under load: its sender, its arrivals, its process.</summary>
public interface ILoadTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>How it was driven, for the table.</summary>
    string Method { get; }

    /// <summary>What it keeps and where, for the table.</summary>
    string Storage { get; }

    int ProcessId { get; }

    IAlertSender Sender { get; }

    IArrivalSource Arrivals { get; }

    /// <summary>Waits until the system has finished the work a phase left behind (writes after the delivery).</summary>
    Task QuiesceAsync();
}
