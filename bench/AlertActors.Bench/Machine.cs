using System.Runtime.InteropServices;

namespace AlertActors.Bench;

/// <summary>What the numbers were measured on.</summary>
public static class Machine
{
    public static string Describe()
    {
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo")
                .First(l => l.StartsWith("MemTotal", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            : "?";
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                ?.Split(':', 2)[1]
                .Trim()
                ?? "?"
            : "?";
        return $"{Environment.ProcessorCount} cores ({cpu}), {long.Parse(memory) / 1024 / 1024} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
