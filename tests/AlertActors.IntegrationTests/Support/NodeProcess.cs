using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AlertActors.IntegrationTests.Support;

/// <summary>
/// An AlertActors node as a separate OS process (the Host assembly built beside the tests), so a test can
/// kill it the way a crash would: SIGKILL, no shutdown hooks, no flush.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NodeProcess(Process process, Uri baseAddress)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    /// <summary>Everything the node printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public static async Task<NodeProcess> StartAsync(TestDirectory directory, string hocon)
    {
        var configFile = Path.Combine(directory.Path, $"process-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(configFile, $$"""
            alertactors {
              data-dir = {{TestNode.Quote(directory.Path)}}
              cluster.port = 0
            }
            {{hocon}}
            """);
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "AlertActors.Host.dll"), "--urls", url, "--config", configFile },
            WorkingDirectory = directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var variable in new[] { "PAGERDUTY_ROUTING_KEY", "OPSGENIE_API_KEY", "KAFKA_BOOTSTRAP_SERVERS", "ALERTACTORS_DB", "ALERTACTORS_API_TOKEN", "CLUSTER_PORT", "CLUSTER_SEEDS" })
            start.Environment.Remove(variable);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the node process");
        var node = new NodeProcess(process, new Uri(url));
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.HoldsAsync(async () =>
            {
                if (process.HasExited) throw new InvalidOperationException($"the node exited with {process.ExitCode}:\n{node.Output}");
                using var response = await node.Http.GetAsync("/readyz");
                return response.IsSuccessStatusCode;
            }, TimeSpan.FromSeconds(60), "the node process never became ready");
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>SIGKILL: the process gets no chance to shut down, flush or leave the cluster.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Kubernetes or systemd stop a node: it drains and shuts down by itself. Returns the exit code.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan within)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits for the process to end by itself (e.g. after it left the cluster); returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
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
