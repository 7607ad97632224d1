namespace AlertActors.Bench;

/// <summary>
/// <c>new-alerts</c>: N distinct critical events (each a new incident) into one node on SQLite, over Kafka and over
/// HTTP (a fresh node for each). Burst: alerts/s until the provider stub has every PagerDuty trigger, and
/// produce → provider latency. Paced: the same latency at a fixed rate (default 1,000/s). Targets (issue 11, reported,
/// not asserted): p99 under 100 ms at 1k alerts/s; burst throughput ≥ 70 % of the <see cref="JournalCeiling"/> measured
/// in the same invocation (bare Akka.Persistence.Sql on the node's settings: as many new entities × 1 event as the
/// burst). Options: --alerts N --rate R --seconds S --batch B --connections C --paced-connections P --warm-up W
/// --transports kafka,http.
/// </summary>
public static class NewAlertsScenario
{
    public const double TargetP99Ms = 100;

    public static async Task<ResultTable> RunAsync(BenchArgs args)
    {
        var options = LoadOptions.From(args);
        var transports = (args.Text("--transports") ?? "kafka,http")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t != "none")
            .ToArray();
        var table = new ResultTable("new-alerts")
            .Row(
                "scenario",
                "distinct critical events (each a new alert → one PagerDuty trigger to the stub), one node, SQLite"
            )
            .Row("load", options.Describe)
            .Row(
                "latency",
                "send (Produce call / HTTP request start) → trigger arrival at the provider stub, same Stopwatch clock"
            );
        var ceiling = await JournalCeiling.MeasureAsync(options.Burst);
        table.Row("journal ceiling (bare Akka.Persistence.Sql, same settings, this invocation)", ceiling.Describe);
        foreach (var transport in transports)
        {
            await using var target = await AlertActorsLoadTarget.StartAsync(transport, options);
            var result = await DistinctAlertLoad.RunAsync(target, options);
            AddRows(table, options, result, target.Node.OutputTail());
            var share = result.Burst.Throughput / ceiling.PerSecond;
            table.Row(
                $"{result.Name}: burst / journal ceiling (target ≥ 70 %)",
                $"{share:P0} {(share >= JournalCeiling.TargetShare ? "met" : "NOT met")}"
            );
            table.Row($"{result.Name}: node counters (/metrics)", await target.CountersAsync());
        }
        return table;
    }

    private static void AddRows(ResultTable table, LoadOptions options, TargetResult result, string nodeOutputTail)
    {
        var (burst, paced) = (result.Burst, result.Paced);
        table
            .Row($"{result.Name}: driven by", result.Method)
            .Row(
                $"{result.Name}: burst throughput",
                $"{DistinctAlertLoad.N0(burst.Throughput)} alerts/s ({DistinctAlertLoad.N0(burst.Delivered)} triggers in {burst.UntilLastArrival.TotalSeconds:0.00} s; all sent after {burst.SendTime.TotalSeconds:0.00} s)"
            )
            .Row($"{result.Name}: burst latency", burst.Latency)
            .Row($"{result.Name}: burst node CPU", burst.Cpu + " (until the journal was quiet again)")
            .Row(
                $"{result.Name}: paced {DistinctAlertLoad.N0(options.Rate)}/s latency",
                $"{paced.Latency} (sent at {DistinctAlertLoad.N0(paced.SendRate)}/s; last trigger {paced.UntilLastArrival.TotalSeconds:0.00} s after the first send)"
            )
            .Row(
                $"{result.Name}: target p99 < {TargetP99Ms:0} ms at {DistinctAlertLoad.N0(options.Rate)}/s",
                paced.P99 < TargetP99Ms ? $"met ({paced.P99:0.0} ms)" : $"not met ({paced.P99:0.0} ms)"
            )
            .Row(
                $"{result.Name}: node RSS",
                $"{result.BaselineRssMiB:0} MiB after warm-up, peak (VmHWM) {result.PeakRssMiB:0} MiB"
            );
        DistinctAlertLoad.AddChecks(table, result, nodeOutputTail);
    }
}
