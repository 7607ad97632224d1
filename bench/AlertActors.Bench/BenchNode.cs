using AlertActors.TestSupport;

namespace AlertActors.Bench;

/// <summary>
/// Starts an AlertActors node process for a benchmark (<see cref="NodeProcess"/>, the Release build of the Host beside
/// this program): its data in a directory that a restart reuses, warnings only in its log, and the bench's extra HOCON
/// (<see cref="BenchArgs.ExtraHocon"/>) on top.
/// </summary>
public static class BenchNode
{
    /// <summary>
    /// Starts a node with its data in <paramref name="dataDir"/> and waits for /readyz (default: up to 90 s).
    /// <paramref name="clusterPort"/> 0 = a single node on an ephemeral remoting port. <paramref name="launched"/>, if
    /// given, is called with the node as soon as its process has started (to watch it, e.g. its /metrics, before it is
    /// ready).
    /// </summary>
    public static async Task<NodeProcess> StartAsync(
        string dataDir,
        string hocon,
        int clusterPort = 0,
        TimeSpan? readyWithin = null,
        Action<NodeProcess>? launched = null
    )
    {
        Directory.CreateDirectory(dataDir);
        var config = Path.Combine(dataDir, "bench.conf");
        await File.WriteAllTextAsync(
            config,
            $"alertactors.data-dir = \"{dataDir}\"\nalertactors.cluster.port = {clusterPort}\nakka.loglevel = WARNING\n{hocon}\n{BenchArgs.ExtraHocon}"
        );
        return await NodeProcess.StartAsync(
            dataDir,
            config,
            readyWithin: readyWithin ?? TimeSpan.FromSeconds(90),
            extraArgs: ["--Logging:LogLevel:Default=Warning"],
            httpTimeout: TimeSpan.FromSeconds(60),
            launched: launched
        );
    }
}
