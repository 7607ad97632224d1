using AlertActors.Bench;

// dotnet run -c Release --project bench/AlertActors.Bench -- <scenario|all> [--quick] [scenario options]
// Scenarios and their options: bench/RESULTS.md. Exit code 1 = an invariant failed, 2 = bad command line.
if (args is [JournalCeiling.WorkerVerb, var ceilingDir, var ceilingEntities])
    return await JournalCeiling.WorkerAsync(
        ceilingDir,
        int.Parse(ceilingEntities, System.Globalization.CultureInfo.InvariantCulture)
    );

var bench = new BenchArgs(args);
var scenarios = new Dictionary<string, Func<BenchArgs, Task<ResultTable>>>
{
    ["journal-ceiling"] = JournalCeiling.RunAsync,
    ["ingest"] = IngestScenario.RunAsync,
    ["new-alerts"] = NewAlertsScenario.RunAsync,
    ["alertmanager"] = AlertmanagerScenario.RunAsync,
    ["recovery"] = RecoveryScenario.RunAsync,
    ["memory"] = MemoryScenario.RunAsync,
    ["storm"] = StormScenario.RunAsync,
    ["chaos"] = ChaosScenario.RunAsync,
};
if (bench.Help)
{
    Console.WriteLine(BenchArgs.Usage(scenarios.Keys));
    return 0;
}
if (bench.Scenario != "all" && !scenarios.ContainsKey(bench.Scenario))
{
    Console.Error.WriteLine(
        $"unknown scenario '{bench.Scenario}'; available: {string.Join(", ", scenarios.Keys)}, all"
    );
    return 2;
}

Console.WriteLine($"machine: {Machine.Describe()}");
Console.WriteLine($"date: {DateTimeOffset.UtcNow:u}   command: bench {bench.CommandLine}");
Console.WriteLine();
var failed = new List<string>();
foreach (var (name, run) in scenarios.Where(s => bench.Scenario == "all" || s.Key == bench.Scenario))
{
    var started = DateTime.UtcNow;
    ResultTable table;
    try
    {
        table = await run(bench);
    }
    catch (Exception ex)
    {
        table = new ResultTable(name).Check(
            "scenario completed",
            false,
            $"{ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" / ")}"
        );
    }
    table.Row("scenario wall time", $"{(DateTime.UtcNow - started).TotalSeconds:0.0} s");
    table.Print(Console.Out);
    if (!table.Passed)
        failed.Add(name);
}
Console.WriteLine(
    failed.Count == 0 ? "bench: every invariant held" : $"bench: invariants FAILED in {string.Join(", ", failed)}"
);
return failed.Count == 0 ? 0 : 1;
