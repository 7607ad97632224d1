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

    public static Task<NodeProcess> StartAsync(TestDirectory directory, string hocon) => StartAsync(directory, hocon, new NodeProcessOptions());

    /// <summary>Starts the node and waits until <c>/readyz</c> answers 200 (through 127.0.0.1 on the listen port).</summary>
    public static async Task<NodeProcess> StartAsync(TestDirectory directory, string hocon, NodeProcessOptions options)
    {
        var node = await LaunchAsync(directory, hocon, options);
        try
        {
            await Eventually.HoldsAsync(async () =>
            {
                if (node._process.HasExited) throw new InvalidOperationException($"the node exited with {node._process.ExitCode}:\n{node.Output}");
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

    /// <summary>Starts a node that is expected to refuse to start: its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(TestDirectory directory, string hocon, NodeProcessOptions options, TimeSpan within)
    {
        await using var node = await LaunchAsync(directory, hocon, options);
        using var timeout = new CancellationTokenSource(within);
        try
        {
            var exitCode = await node.WaitForExitAsync(timeout.Token);
            node._process.WaitForExit(); // the redirected output is complete only after this
            return (exitCode, node.Output);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the node did not exit within {within.TotalSeconds:0} s:\n{node.Output}");
        }
    }

    private static async Task<NodeProcess> LaunchAsync(TestDirectory directory, string hocon, NodeProcessOptions options)
    {
        var configFile = Path.Combine(directory.Path, $"process-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(configFile, $$"""
            alertactors {
              data-dir = {{TestNode.Quote(directory.Path)}}
              cluster.port = 0
            }
            {{hocon}}
            """);
        var port = FreePort();
        var url = options.ListenHost is { } host ? $"http://{host}:{port}" : $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "AlertActors.Host.dll"), "--urls", url, "--config", configFile },
            WorkingDirectory = directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var variable in new[] { "PAGERDUTY_ROUTING_KEY", "OPSGENIE_API_KEY", "KAFKA_BOOTSTRAP_SERVERS", "ALERTACTORS_DB", "ALERTACTORS_API_TOKEN", "CLUSTER_PORT", "CLUSTER_SEEDS", "ALERTACTORS_ALLOW_UNAUTHENTICATED" })
            start.Environment.Remove(variable);
        foreach (var (variable, value) in options.Environment) start.Environment[variable] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the node process");
        // Whatever address it binds, the tests reach it over loopback.
        var node = new NodeProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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

/// <summary>How <see cref="NodeProcess"/> starts a node beyond its HOCON.</summary>
public sealed record NodeProcessOptions
{
    /// <summary>The host of the HTTP listen URL (<c>--urls http://HOST:PORT</c>), e.g. <c>0.0.0.0</c>; null = 127.0.0.1.</summary>
    public string? ListenHost { get; init; }

    /// <summary>Environment variables set for the node (after the inherited provider/Kafka/token ones are removed).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
