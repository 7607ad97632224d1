using System.Globalization;

namespace AlertActors.Bench;

/// <summary>Memory and CPU of a process from /proc: VmRSS now, VmHWM = peak resident set, utime + stime.</summary>
public static class ProcessStats
{
    public static double RssMiB(int pid) => Read(pid, "VmRSS:");

    public static double PeakRssMiB(int pid) => Read(pid, "VmHWM:");

    /// <summary>User + system CPU seconds the process has used so far (clock ticks of 1/100 s).</summary>
    public static double CpuSeconds(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
            return double.NaN;
        var stat = File.ReadAllText(path);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
        return (
                long.Parse(fields[11], CultureInfo.InvariantCulture)
                + long.Parse(fields[12], CultureInfo.InvariantCulture)
            ) / 100.0;
    }

    private static double Read(int pid, string field)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
            return double.NaN;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null
            ? double.NaN
            : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)
                / 1024.0;
    }
}
