using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AlertActors.Bench;

/// <summary>An AlertActors node as a separate process (the Release build of the Host beside this program).</summary>
public sealed class NodeUnderTest : IAsyncDisposable
{
    private readonly Process _process;

    private NodeUnderTest(Process process, Uri url, string dataDir)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        DataDir = dataDir;
    }

    public HttpClient Http { get; }

    public string DataDir { get; }

    public int ProcessId => _process.Id;

    public static async Task<NodeUnderTest> StartAsync(string dataDir, string hocon)
    {
        Directory.CreateDirectory(dataDir);
        var config = Path.Combine(dataDir, "bench.conf");
        await File.WriteAllTextAsync(config, $"alertactors.data-dir = \"{dataDir}\"\nalertactors.cluster.port = 0\nakka.loglevel = WARNING\n{hocon}");
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "AlertActors.Host.dll"), "--urls", url.ToString(), "--config", config, "--Logging:LogLevel:Default=Warning" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeUnderTest(process, url, dataDir);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"node exited with {process.ExitCode}");
            try
            {
                using var ready = await node.Http.GetAsync("/readyz");
                if (ready.IsSuccessStatusCode) return node;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("node not ready within 60 s");
    }

    /// <summary>Resident set size of the node process, in MiB.</summary>
    public double RssMiB()
    {
        _process.Refresh();
        return _process.WorkingSet64 / 1024.0 / 1024.0;
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
