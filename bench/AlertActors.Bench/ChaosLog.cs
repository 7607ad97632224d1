using System.Diagnostics;

namespace AlertActors.Bench;

/// <summary>Progress lines of <see cref="ChaosScenario"/> with the time since the stream started.</summary>
internal sealed class ChaosLog
{
    public Stopwatch? Clock { get; set; }

    public void Say(string line) =>
        Console.WriteLine(Clock is null ? $"chaos: {line}" : $"chaos {Clock.Elapsed.TotalSeconds, 6:0.0}s: {line}");
}
