namespace AlertActors.Bench;

/// <summary>
/// What one scenario prints: its parameters and results as a markdown table, and the invariants it checked.
/// A failed invariant makes the bench exit non-zero (CI runs <c>--quick</c> and checks only these, never timings).
/// </summary>
public sealed class ResultTable(string scenario)
{
    private readonly List<(string Metric, string Value)> _rows = [];
    private readonly List<(string Invariant, bool Holds, string Detail)> _checks = [];

    public string Scenario { get; } = scenario;

    public bool Passed => _checks.All(c => c.Holds);

    public ResultTable Row(string metric, object value)
    {
        _rows.Add((metric, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        return this;
    }

    /// <summary>An invariant (not a timing): printed as PASS/FAIL with the counts behind it.</summary>
    public ResultTable Check(string invariant, bool holds, string detail)
    {
        _checks.Add((invariant, holds, detail));
        return this;
    }

    public void Print(TextWriter output)
    {
        output.WriteLine($"### {Scenario}");
        output.WriteLine();
        output.WriteLine("| metric | value |");
        output.WriteLine("|---|---|");
        foreach (var (metric, value) in _rows)
            output.WriteLine($"| {metric} | {value} |");
        if (_checks.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("| invariant | result | counts |");
            output.WriteLine("|---|---|---|");
            foreach (var (invariant, holds, detail) in _checks)
                output.WriteLine($"| {invariant} | {(holds ? "PASS" : "FAIL")} | {detail} |");
        }
        output.WriteLine();
    }
}
