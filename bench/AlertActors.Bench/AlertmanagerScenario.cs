using System.Text.RegularExpressions;

namespace AlertActors.Bench;

/// <summary>
/// <c>alertmanager</c>: the distinct-alert load of <c>new-alerts</c> against Prometheus Alertmanager (the anchor's
/// config and webhook sink) and against AlertActors over HTTP and Kafka, in one run, with ratios ours / theirs.
/// Every system gets the same alerts in the same shape: a warm-up, a burst of N (HTTP: the same batch size and
/// connection count for both), then R/s for S seconds one alert per request. The anchor's <c>load.py</c> is run
/// once more against Alertmanager as a cross-check of the C# driver.
/// Options: those of new-alerts, plus --transports http,kafka (ours).
/// </summary>
public static partial class AlertmanagerScenario
{
    public static async Task<ResultTable> RunAsync(BenchArgs args)
    {
        var options = LoadOptions.From(args);
        var transports = (args.Text("--transports") ?? "http,kafka")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t != "none")
            .ToArray();

        TargetResult theirs;
        string version,
            anchor,
            loadPy;
        var table = new ResultTable("alertmanager");
        await using (var alertmanager = await AlertmanagerLoadTarget.StartAsync(options))
        {
            theirs = await DistinctAlertLoad.RunAsync(alertmanager, options);
            (version, anchor) = (alertmanager.Process.Version, alertmanager.Process.AnchorSource);
            loadPy = await alertmanager.Process.RunLoadPyAsync(options.Burst, options.Batch, 1);
            Console.Error.WriteLine($"[Alertmanager] load.py: {loadPy}");
            DistinctAlertLoad.AddChecks(table, theirs, alertmanager.Process.LogTail);
        }

        var ours = new List<TargetResult>();
        var counters = new List<(string Name, string Counters)>();
        foreach (var transport in transports)
        {
            await using var target = await AlertActorsLoadTarget.StartAsync(transport, options);
            var result = await DistinctAlertLoad.RunAsync(target, options);
            ours.Add(result);
            DistinctAlertLoad.AddChecks(table, result, target.Node.OutputTail());
            counters.Add((result.Name, await target.CountersAsync()));
        }

        var ceiling = await JournalCeiling.MeasureAsync(options.Burst);
        var all = ours.Prepend(theirs).ToList();
        string Each(Func<TargetResult, string> value, Func<TargetResult, string>? ratio = null) =>
            string.Join(
                " · ",
                all.Select(r => $"{Short(r)} {value(r)}" + (ratio is null || r == theirs ? "" : $" ({ratio(r)})"))
            );

        table
            .Row(
                "scenario",
                $"distinct alerts, each its own incident/group, into {version} and into AlertActors (one node, SQLite, PagerDuty → stub), same run"
            )
            .Row("load", options.Describe)
            .Row(
                "latency",
                "send → first arrival at the receiving end (AlertActors: PagerDuty trigger at the provider stub; Alertmanager: webhook at the anchor's sink, its wall clock converted)"
            );
        foreach (var result in all)
            table.Row($"{result.Name}: driven by", result.Method).Row($"{result.Name}: keeps", result.Storage);
        table
            .Row(
                "burst throughput, alerts/s delivered (ours/theirs)",
                Each(
                    r => DistinctAlertLoad.N0(r.Burst.Throughput),
                    r => DistinctAlertLoad.Ratio(r.Burst.Throughput, theirs.Burst.Throughput)
                )
            )
            .Row(
                "burst p99 latency (ours/theirs)",
                Each(r => $"{r.Burst.P99:0.0} ms", r => DistinctAlertLoad.Ratio(r.Burst.P99, theirs.Burst.P99))
            )
            .Row(
                $"paced {DistinctAlertLoad.N0(options.Rate)}/s p99 latency (ours/theirs)",
                Each(r => $"{r.Paced.P99:0.0} ms", r => DistinctAlertLoad.Ratio(r.Paced.P99, theirs.Paced.P99))
            )
            .Row(
                "burst CPU per alert, process user+sys (ours/theirs)",
                Each(
                    r => $"{1000 * r.Burst.CpuSeconds / Math.Max(1, r.Burst.Delivered):0.00} ms",
                    r =>
                        DistinctAlertLoad.Ratio(
                            r.Burst.CpuSeconds / Math.Max(1, r.Burst.Delivered),
                            theirs.Burst.CpuSeconds / Math.Max(1, theirs.Burst.Delivered)
                        )
                )
            )
            .Row(
                "peak RSS, VmHWM (ours/theirs)",
                Each(r => $"{r.PeakRssMiB:0} MiB", r => DistinctAlertLoad.Ratio(r.PeakRssMiB, theirs.PeakRssMiB))
            )
            .Row("journal ceiling (bare Akka.Persistence.Sql, same settings, this run)", ceiling.Describe)
            .Row(
                "burst throughput / journal ceiling",
                string.Join(" · ", all.Select(r => $"{Short(r)} {r.Burst.Throughput / ceiling.PerSecond:P0}"))
            );
        foreach (var result in all)
        {
            table
                .Row(
                    $"{result.Name}: burst",
                    $"{DistinctAlertLoad.N0(result.Burst.Delivered)} in {result.Burst.UntilLastArrival.TotalSeconds:0.00} s; {result.Burst.Latency}"
                )
                .Row(
                    $"{result.Name}: paced {DistinctAlertLoad.N0(options.Rate)}/s",
                    $"{result.Paced.Latency} (sent at {DistinctAlertLoad.N0(result.Paced.SendRate)}/s)"
                )
                .Row(
                    $"{result.Name}: RSS",
                    $"{result.BaselineRssMiB:0} MiB after warm-up, peak {result.PeakRssMiB:0} MiB"
                );
        }
        foreach (var (name, values) in counters)
            table.Row($"{name}: node counters (/metrics)", values);
        table
            .Row(
                "Alertmanager, anchor load.py cross-check",
                $"{LoadPyRates(loadPy)} (Python client, batch {options.Batch}, 1 connection, {DistinctAlertLoad.N0(options.Burst)} alerts)"
            )
            .Row("anchor", $"{anchor} (copied to a temp dir, webhook port rewritten)")
            .Row(
                "note",
                "AlertActors persists every alert (SQLite journal) before it answers and before it calls the provider; Alertmanager keeps alerts in memory. Numbers from a shared machine are indicative: compare ratios from one run."
            );
        return table;
    }

    private static string Short(TargetResult result) =>
        result.Name.Replace("AlertActors ", "ours ", StringComparison.Ordinal);

    /// <summary>"API accept … alerts/s" and "end-to-end … alerts/s" from load.py's output.</summary>
    private static string LoadPyRates(string output)
    {
        var accept = ApiAccept().Match(output);
        var endToEnd = EndToEnd().Match(output);
        return accept.Success && endToEnd.Success
            ? $"API accept {accept.Groups[1].Value} alerts/s, end-to-end {endToEnd.Groups[1].Value} alerts/s"
            : "unparsed: " + output.ReplaceLineEndings(" / ").Replace('|', '/');
    }

    [GeneratedRegex(@"API accept: [\d.]+s -> ([\d,]+) alerts/s")]
    private static partial Regex ApiAccept();

    [GeneratedRegex(@"end-to-end ([\d,]+) alerts/s")]
    private static partial Regex EndToEnd();
}
