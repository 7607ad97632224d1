namespace AlertActors.Bench;

/// <summary>
/// The command line of the bench: <c>&lt;scenario&gt; [--quick] [--name value ...]</c>. Each scenario reads its own
/// sizes with <see cref="Int"/>, falling back to its quick or full default.
/// </summary>
public sealed class BenchArgs(string[] args)
{
    public string Scenario { get; } = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";

    /// <summary>CI smoke size: every scenario small enough that all of them finish in under 3 minutes.</summary>
    public bool Quick { get; } = args.Contains("--quick");

    public string CommandLine { get; } = string.Join(' ', args);

    /// <summary><c>--help</c> or <c>-h</c>: print <see cref="Usage"/> and run nothing (without it, no scenario means
    /// all of them).</summary>
    public bool Help { get; } = args.Any(a => a is "--help" or "-h");

    /// <summary>The command line's shape and the scenarios, for <c>--help</c>.</summary>
    public static string Usage(IEnumerable<string> scenarios) =>
        $"""
            usage: dotnet run -c Release --project bench/AlertActors.Bench -- <scenario|all> [--quick] [--name value ...]
            scenarios: {string.Join(", ", scenarios)}, all (the default)
            --quick: CI smoke size. Each scenario's options and the figures: bench/RESULTS.md.
            chaos needs PostgreSQL: export ALERTACTORS_TEST_POSTGRES=$(bash .ci/postgres.sh)
            exit code: 0 every invariant held, 1 an invariant failed, 2 bad command line
            """;

    public int Int(string name, int quick, int full) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value)
            ? value
        : Quick ? quick
        : full;

    public string? Text(string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    /// <summary>Extra HOCON for the nodes under test (tuning experiments), e.g. "alertactors.kafka.max-in-flight =
    /// 8000".</summary>
    public static string ExtraHocon => Environment.GetEnvironmentVariable("ALERTACTORS_BENCH_HOCON") ?? "";
}
