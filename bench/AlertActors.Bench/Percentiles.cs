namespace AlertActors.Bench;

/// <summary>Latency summary of a sample, in milliseconds (nearest-rank percentiles).</summary>
public static class Percentiles
{
    public static string Describe(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0)
            return "no samples";
        var sorted = milliseconds.Order().ToArray();
        double At(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return $"p50 {At(0.50):0.0} ms, p95 {At(0.95):0.0} ms, p99 {At(0.99):0.0} ms, max {sorted[^1]:0.0} ms";
    }

    public static double P99(IReadOnlyCollection<double> milliseconds) =>
        milliseconds.Count == 0
            ? double.NaN
            : milliseconds.Order().ElementAt(Math.Max(0, (int)Math.Ceiling(0.99 * milliseconds.Count) - 1));
}
