using System.Globalization;

namespace AlertActors.Bench;

/// <summary>
/// <c>memory</c>: RSS per open alert. One node on SQLite, started empty (baseline), then loaded with open alerts
/// (<see cref="OpenAlertNode"/>: one critical event per dedup key, each alert firing with its auto-resolve due in
/// 30 min) up to each point of <c>--points</c> (full: 10000,100000). An idle open alert is not a live actor: it
/// leaves memory after <c>passivate-idle-after</c> (5 s here, 30 s by default) and its due time stays in the alert
/// list's due index. At each point, once the node is quiet and the idle alerts left memory:
/// (RSS − baseline RSS) / alerts, and between points the slope ΔRSS / Δalerts, which leaves out
/// the fixed costs (caches, pools, the GC's own growth). The managed heap after the last GC (runtime metrics) is
/// reported beside it: the server GC does not hand freed memory back at once, so RSS is the upper figure.
/// Target (issue 7, reported, not asserted): under 4 KB RSS per open alert.
/// </summary>
public static class MemoryScenario
{
    private const double TargetBytesPerAlert = 4 * 1024;

    public static async Task<ResultTable> RunAsync(BenchArgs args)
    {
        var points = (args.Text("--points") ?? (args.Quick ? "500,1000" : "10000,100000"))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => int.Parse(p, CultureInfo.InvariantCulture))
            .Order()
            .ToArray();
        var table = new ResultTable("memory")
            .Row(
                "scenario",
                $"open alerts (1 critical event per dedup key, firing, auto-resolve due in 30 min) held by one node, SQLite; passivate-idle-after {PassivateIdleAfter.TotalSeconds:0} s"
            )
            .Row("points", string.Join(" / ", points));

        await using var bench = await OpenAlertNode.StartAsync(
            providerStub: OpenAlertNode.WantsProviderStub(args),
            passivateIdleAfter: PassivateIdleAfter
        );
        table.Row("deliveries", bench.Deliveries);
        await bench.QuietAsync(TimeSpan.FromSeconds(30));
        var baseline = await MeasureAsync(bench);
        table.Row("baseline (empty node)", Describe(baseline));

        var measured = new List<(int Alerts, Sample Sample)>();
        foreach (var alerts in points)
        {
            OpenAlertNode.LoadTimes loadTime;
            try
            {
                loadTime = await bench.LoadToAsync(alerts);
            }
            catch (TimeoutException ex)
            {
                // Keep the points measured so far (a slow, shared machine).
                table.Check($"{alerts}: loaded", false, ex.Message);
                break;
            }
            var passivated = await PassivatedAsync(bench);
            var sample = await MeasureAsync(bench);
            measured.Add((alerts, sample));
            var open = await bench.AlertsWithStatusAsync("firing");
            table
                .Row($"{alerts} open alerts", Describe(sample))
                .Row(
                    $"{alerts}: RSS − baseline per alert",
                    $"{PerAlert(sample.Rss - baseline.Rss, alerts)} (heap: {PerAlert(sample.Heap - baseline.Heap, alerts)})"
                )
                .Row($"{alerts}: load (produce → every delivery answered)", loadTime)
                .Check($"{alerts}: every alert open in the alert list", open == alerts, $"{open} firing of {alerts}")
                .Check(
                    $"{alerts}: idle open alerts left memory",
                    passivated.Entities == 0,
                    $"{passivated.Entities?.ToString(CultureInfo.InvariantCulture) ?? "no answer"} entities in memory {passivated.After.TotalSeconds:0} s after the load"
                );
        }

        for (var i = 1; i < measured.Count; i++)
        {
            var (lowAlerts, low) = measured[i - 1];
            var (highAlerts, high) = measured[i];
            var slope = (high.Rss - low.Rss) / (double)(highAlerts - lowAlerts);
            table
                .Row(
                    $"slope {lowAlerts} → {highAlerts} (fixed costs excluded)",
                    $"{PerAlert(high.Rss - low.Rss, highAlerts - lowAlerts)} RSS, {PerAlert(high.Heap - low.Heap, highAlerts - lowAlerts)} heap per alert"
                )
                .Row(
                    $"target < 4 KB RSS per open alert (slope {lowAlerts} → {highAlerts})",
                    slope < TargetBytesPerAlert ? "met" : $"NOT met ({slope / TargetBytesPerAlert:0.0}× the target)"
                );
        }
        table.Row(
            "GC",
            "server GC (the Host's default), DATAS; RSS read from /proc, heap = dotnet_gc_last_collection_heap_size_bytes (all generations)"
        );
        return table;
    }

    /// <summary>The <c>alertactors.entity.passivate-idle-after</c> of the measured node.</summary>
    private static readonly TimeSpan PassivateIdleAfter = TimeSpan.FromSeconds(5);

    private sealed record Sample(double Rss, double Heap, double Committed);

    /// <summary>Waits (up to passivate-idle-after + 60 s) until no alert entity is in memory; the last count and the
    /// wait.</summary>
    private static async Task<(int? Entities, TimeSpan After)> PassivatedAsync(OpenAlertNode bench)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int? entities;
        while (
            (entities = await bench.EntitiesAsync()) != 0
            && clock.Elapsed < PassivateIdleAfter + TimeSpan.FromSeconds(60)
        )
            await Task.Delay(500);
        return (entities, clock.Elapsed);
    }

    /// <summary>Median RSS of five reads half a second apart, and the heap figures of the last scrape.</summary>
    private static async Task<Sample> MeasureAsync(OpenAlertNode bench)
    {
        var rss = new List<double>();
        PrometheusScrape? scrape = null;
        for (var i = 0; i < 5; i++)
        {
            rss.Add(bench.RssBytes());
            scrape = await PrometheusScrape.FromAsync(bench.Node.Http);
            if (i < 4)
                await Task.Delay(500);
        }
        return new Sample(
            rss.Order().ElementAt(2),
            OpenAlertNode.GcHeapBytes(scrape!) ?? double.NaN,
            scrape!.Sum("dotnet_gc_last_collection_memory_committed_size_bytes") ?? double.NaN
        );
    }

    private static string Describe(Sample s) =>
        $"RSS {s.Rss / 1024 / 1024:0.0} MiB, GC heap {s.Heap / 1024 / 1024:0.0} MiB, GC committed {s.Committed / 1024 / 1024:0.0} MiB";

    private static string PerAlert(double bytes, int alerts) =>
        double.IsNaN(bytes) ? "n/a" : $"{bytes / alerts / 1024:0.00} KB";
}
