using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AlertActors.Bench;

/// <summary>
/// An AlertActors node as a separate process (the Release build of the Host beside this program): started with
/// a HOCON file, killed with SIGKILL like a crash, or stopped with SIGTERM like Kubernetes does.
/// </summary>
public sealed class NodeUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeUnderTest(Process process, Uri url, string dataDir)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        DataDir = dataDir;
    }

    public HttpClient Http { get; }

    public string DataDir { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited (137 after SIGKILL), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>The tail of what the node printed (warnings and errors), for failure messages.</summary>
    public string OutputTail
    {
        get
        {
            lock (_output) return _output.Length > 4000 ? _output.ToString(_output.Length - 4000, 4000) : _output.ToString();
        }
    }

    /// <summary>Everything the node printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>
    /// Starts a node with its data in <paramref name="dataDir"/> (reused on restart) and waits for /readyz.
    /// <paramref name="clusterPort"/> 0 = a single node on an ephemeral remoting port. <paramref name="launched"/>, if given,
    /// is called with the node as soon as its process has started (to watch it, e.g. its /metrics, before it is ready).
    /// </summary>
    public static async Task<NodeUnderTest> StartAsync(string dataDir, string hocon, int clusterPort = 0, TimeSpan? readyWithin = null,
        Action<NodeUnderTest>? launched = null)
    {
        Directory.CreateDirectory(dataDir);
        var config = Path.Combine(dataDir, "bench.conf");
        await File.WriteAllTextAsync(config,
            $"alertactors.data-dir = \"{dataDir}\"\nalertactors.cluster.port = {clusterPort}\nakka.loglevel = WARNING\n{hocon}\n{BenchArgs.ExtraHocon}");
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "AlertActors.Host.dll"), "--urls", url.ToString(), "--config", config, "--Logging:LogLevel:Default=Warning" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var variable in new[] { "PAGERDUTY_ROUTING_KEY", "OPSGENIE_API_KEY", "KAFKA_BOOTSTRAP_SERVERS", "ALERTACTORS_DB", "ALERTACTORS_API_TOKEN", "CLUSTER_PORT", "CLUSTER_SEEDS", "CLUSTER_HOSTNAME" })
            start.Environment.Remove(variable);
        var process = Process.Start(start)!;
        var node = new NodeUnderTest(process, url, dataDir);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        launched?.Invoke(node);
        try
        {
            await node.WaitReadyAsync(readyWithin ?? TimeSpan.FromSeconds(90));
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    private async Task WaitReadyAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"node exited with {_process.ExitCode}:\n{OutputTail}");
            try
            {
                using var ready = await Http.GetAsync("/readyz");
                if (ready.IsSuccessStatusCode) return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"node not ready within {within.TotalSeconds:0} s:\n{OutputTail}");
    }

    /// <summary>Resident set size of the node process, in MiB.</summary>
    public double RssMiB()
    {
        _process.Refresh();
        return _process.WorkingSet64 / 1024.0 / 1024.0;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, no cluster leave.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM: the node leaves the cluster and drains through coordinated shutdown. Returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan within)
    {
        if (!_process.HasExited)
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await KillAsync();
        _process.Dispose();
    }
}
