using AlertActors.Bench;

// dotnet run -c Release --project bench/AlertActors.Bench -- ingest [--events N] [--keys K] [--quick]
var scenario = args.FirstOrDefault() ?? "ingest";
var quick = args.Contains("--quick");
int Option(string name, int fallback) =>
    Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;

Console.WriteLine($"machine: {Machine.Describe()}");
Console.WriteLine($"date: {DateTimeOffset.UtcNow:u}   command: bench {string.Join(' ', args)}");
switch (scenario)
{
    case "ingest":
        var rows = await IngestScenario.RunAsync(Option("--events", quick ? 5_000 : 100_000), Option("--keys", quick ? 100 : 1_000));
        Console.WriteLine("| metric | value |\n|---|---|");
        foreach (var row in rows.Skip(0)) Console.WriteLine(row);
        return 0;
    default:
        Console.Error.WriteLine($"unknown scenario {scenario}; available: ingest (the others of issue 7 are not written yet)");
        return 2;
}
