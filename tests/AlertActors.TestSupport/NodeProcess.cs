using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AlertActors.TestSupport;

/// <summary>
/// An AlertActors node as a separate OS process (the Host assembly built beside the tests or the bench), so a test can
/// kill it the way a crash would (SIGKILL, no shutdown hooks, no flush) or stop it the way Kubernetes does (SIGTERM).
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(DateTimeOffset At, string Line)> _lines = [];

    private NodeProcess(Process process, Uri baseAddress, TimeSpan httpTimeout)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = httpTimeout };
    }

    public HttpClient Http { get; }

    /// <summary>The node's OS process id (to signal it: SIGSTOP/SIGCONT freeze and thaw it, as a partition would cut it
    /// off).</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has exited (137 after SIGKILL), else null.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Everything the node printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>The last <paramref name="chars"/> characters the node printed, for failure messages.</summary>
    public string OutputTail(int chars = 4000)
    {
        var output = Output;
        return output.Length > chars ? "…" + output[^chars..] : output;
    }

    /// <summary>
    /// When this test process received the first output line containing <paramref name="text"/> (wall clock, UTC; the
    /// node's log has no timestamps), or null if none has arrived.
    /// </summary>
    public DateTimeOffset? FirstLineAt(string text)
    {
        lock (_output)
            return _lines.FirstOrDefault(l => l.Line.Contains(text, StringComparison.Ordinal)) is { Line: not null } hit
                ? hit.At
                : null;
    }

    /// <summary>Starts the node and waits until <c>/readyz</c> answers 200 (through 127.0.0.1 on the listen
    /// port).</summary>
    /// <param name="environment">Environment variables for the node (e.g. CLUSTER_PORT); the ones a developer's shell
    /// may set are removed first.</param>
    /// <param name="listenHost">The host of the HTTP listen URL (e.g. <c>0.0.0.0</c>); default 127.0.0.1.</param>
    /// <param name="untilReady">False: wait only until the node serves HTTP (<c>/readyz</c> answers at all, 503
    /// included).</param>
    public static async Task<NodeProcess> StartAsync(
        TestDirectory directory,
        string hocon,
        IReadOnlyDictionary<string, string>? environment = null,
        string? listenHost = null,
        bool untilReady = true
    ) =>
        await StartAsync(directory.Path, await WriteConfigAsync(directory, hocon), environment, listenHost, untilReady);

    /// <summary>
    /// Starts the node on <paramref name="configFile"/> in <paramref name="workingDirectory"/> and waits (up to
    /// <paramref name="readyWithin"/>, default 60 s) until <c>/readyz</c> answers 200, or,
    /// <paramref name="untilReady"/> false, at all. A node that exits meanwhile fails the start at once, with what it
    /// printed.
    /// </summary>
    /// <param name="extraArgs">Further Host arguments (e.g. <c>--Logging:LogLevel:Default=Warning</c>).</param>
    /// <param name="httpTimeout">Timeout of <see cref="Http"/>'s requests; default 30 s.</param>
    /// <param name="launched">Called with the node as soon as its process has started (to watch it before it is
    /// ready).</param>
    public static async Task<NodeProcess> StartAsync(
        string workingDirectory,
        string configFile,
        IReadOnlyDictionary<string, string>? environment = null,
        string? listenHost = null,
        bool untilReady = true,
        TimeSpan? readyWithin = null,
        IReadOnlyList<string>? extraArgs = null,
        TimeSpan? httpTimeout = null,
        Action<NodeProcess>? launched = null
    )
    {
        var port = FreePort();
        var start = StartInfo(
            workingDirectory,
            environment,
            [
                Path.Combine(AppContext.BaseDirectory, "AlertActors.Host.dll"),
                "--urls",
                $"http://{listenHost ?? "127.0.0.1"}:{port}",
                "--config",
                configFile,
                .. extraArgs ?? [],
            ]
        );
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the node process");
        // Whatever address it binds, the tests reach it over loopback.
        var node = new NodeProcess(
            process,
            new Uri($"http://127.0.0.1:{port}"),
            httpTimeout ?? TimeSpan.FromSeconds(30)
        );
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        launched?.Invoke(node);
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    if (process.HasExited)
                        throw new NodeExitedException(
                            $"the node exited with {process.ExitCode}:\n{node.OutputTail(8000)}"
                        );
                    using var response = await node.Http.GetAsync("/readyz");
                    return response.IsSuccessStatusCode || !untilReady;
                },
                readyWithin ?? TimeSpan.FromSeconds(60),
                untilReady ? "the node process never became ready" : "the node process never served HTTP"
            );
        }
        catch (TimeoutException timeout)
        {
            await node.DisposeAsync();
            throw new TimeoutException($"{timeout.Message}; it printed:\n{node.OutputTail(8000)}", timeout);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>The test's HOCON over a data directory in <paramref name="directory"/> and an OS-chosen cluster port
    /// (override either in <paramref name="hocon"/>).</summary>
    public static async Task<string> WriteConfigAsync(TestDirectory directory, string hocon)
    {
        var configFile = Path.Combine(directory.Path, $"process-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(
            configFile,
            $$"""
            alertactors {
              data-dir = {{TestNode.Quote(directory.Path)}}
              cluster.port = 0
            }
            {{hocon}}
            """
        );
        return configFile;
    }

    /// <summary>
    /// Runs the Host with <paramref name="args"/> (e.g. a node refused at start, or <c>check-config</c>) until it exits
    /// by itself; returns its exit code and what it printed. Fails after <paramref name="within"/> (default 60 s).
    /// </summary>
    public static async Task<(int ExitCode, string Out, string Err)> RunToExitAsync(
        TestDirectory directory,
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? within = null
    )
    {
        var start = StartInfo(
            directory.Path,
            environment,
            [Path.Combine(AppContext.BaseDirectory, "AlertActors.Host.dll"), .. args]
        );
        using var process =
            Process.Start(start) ?? throw new InvalidOperationException("could not start the node process");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the Host did not exit:\n{await output}\n{await error}");
        }
        return (process.ExitCode, await output, await error);
    }

    private static ProcessStartInfo StartInfo(
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        IReadOnlyList<string> args
    )
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var variable in ConfigLoaderVariables)
            start.Environment.Remove(variable);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return start;
    }

    /// <summary>Every variable the node reads, so none leaks in from the shell that runs the tests (the Kubernetes
    /// ones: discovery = kubernetes).</summary>
    private static readonly string[] ConfigLoaderVariables =
    [
        .. AlertActors.Configuration.ConfigLoader.EnvironmentKeys.Keys,
        "ALERTACTORS_CONFIG",
        "ASPNETCORE_URLS",
        AlertActors.Formation.KubernetesApiDiscovery.HostVariable,
        AlertActors.Formation.KubernetesApiDiscovery.PortVariable,
    ];

    /// <summary>SIGKILL: the process gets no chance to shut down, flush or leave the cluster.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as Kubernetes or systemd stop a node: it drains and shuts down by itself. Returns the exit
    /// code.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan within)
    {
        if (!_process.HasExited)
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
                await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    /// <summary>Waits for the process to end by itself (e.g. after it left the cluster); returns its exit
    /// code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
        {
            _output.AppendLine(line);
            _lines.Add((DateTimeOffset.UtcNow, line));
        }
    }

    /// <summary>A TCP port free on 127.0.0.1 now.</summary>
    public static int FreePort() => FreePorts(1)[0];

    /// <summary>
    /// <paramref name="count"/> different TCP ports free on 127.0.0.1 now (all held open together while they are
    /// chosen), below the kernel's ephemeral range (<c>/proc/sys/net/ipv4/ip_local_port_range</c>, 32768–60999 by
    /// default). A port the kernel hands out itself would do for a moment only: any outgoing connection of any process
    /// (another test project's, the broker's) may take it before the node binds it, and the node then refuses to start
    /// ("cluster port … is already in use"). Where the range cannot be read, the kernel chooses.
    /// </summary>
    public static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            var below = EphemeralRangeStart();
            for (var tries = 0; listeners.Count < count && below > LowestPort && tries < 1000; tries++)
            {
                var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(LowestPort, below));
                try
                {
                    listener.Start();
                    listeners.Add(listener);
                }
                catch (SocketException)
                {
                    // Taken: try another.
                }
            }
            while (listeners.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    /// <summary>The lowest port <see cref="FreePorts"/> chooses (above the well-known and most registered
    /// services).</summary>
    private const int LowestPort = 20000;

    /// <summary>The first port of the kernel's ephemeral range, or <see cref="LowestPort"/> (none chosen by us) when it
    /// cannot be read.</summary>
    private static int EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(range[0], out var start) ? start : LowestPort;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return LowestPort;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await KillAsync();
        _process.Dispose();
    }
}

/// <summary>The node process ended while it was expected to start.</summary>
public sealed class NodeExitedException(string message) : Exception(message);
