using System.Diagnostics;
using System.Globalization;
using System.Text;
using AlertActors.TestSupport;

namespace AlertActors.Bench;

/// <summary>
/// Prometheus Alertmanager and the anchor's webhook sink (<c>sink_async.py</c>), started the way the anchor's
/// <c>start.sh</c> does (loopback, gossip off, <c>--log.level=warn</c>) but from a copy of the anchor directory in a
/// temporary directory, on free ports (the copied <c>alertmanager.yml</c> is rewritten to the sink's port).
/// The anchor is <c>$ALERTMANAGER_ANCHOR</c>, else <c>../shared/anchors/alertmanager</c> beside the repository (where
/// CI puts the anchors). Alertmanager is installed with apt-get when it is missing.
/// </summary>
public sealed class AlertmanagerProcess : IAsyncDisposable
{
    public const string InstallCommand = "apt-get install -y --no-install-recommends prometheus-alertmanager";

    private readonly string _directory;
    private readonly Process _alertmanager;
    private readonly Process _sink;
    private readonly StringBuilder _log = new();

    private AlertmanagerProcess(string directory, string binary, int port, int sinkPort)
    {
        _directory = directory;
        Url = new Uri($"http://127.0.0.1:{port}");
        SinkUrl = new Uri($"http://127.0.0.1:{sinkPort}");
        _sink = Start(
            "python3",
            directory,
            "sink_async.py",
            sinkPort.ToString(CultureInfo.InvariantCulture),
            "127.0.0.1"
        );
        try
        {
            _alertmanager = Start(
                binary,
                directory,
                "--config.file=alertmanager.yml",
                "--storage.path=./data",
                $"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=",
                "--log.level=warn"
            );
        }
        catch
        {
            _sink.Kill();
            _sink.Dispose();
            throw;
        }
    }

    public Uri Url { get; }

    public Uri SinkUrl { get; }

    public int ProcessId => _alertmanager.Id;

    public string Version { get; private set; } = "?";

    public string AnchorSource { get; private set; } = "?";

    public string LogTail
    {
        get
        {
            lock (_log)
                return _log.Length > 2000 ? _log.ToString(_log.Length - 2000, 2000) : _log.ToString();
        }
    }

    /// <summary>
    /// Starts Alertmanager and the sink. <paramref name="config"/>, when given, replaces the anchor's
    /// <c>alertmanager.yml</c>: it receives the sink's webhook URL and returns the whole YAML.
    /// </summary>
    public static async Task<AlertmanagerProcess> StartAsync(Func<Uri, string>? config = null)
    {
        var binary = await EnsureInstalledAsync();
        if (Which("python3") is null)
            throw new InvalidOperationException("python3 is needed for the anchor's webhook sink (sink_async.py)");
        var anchor = AnchorDirectory();
        var directory = Path.Combine(
            Path.GetTempPath(),
            "alertactors-bench",
            "alertmanager-" + Guid.NewGuid().ToString("N")[..8]
        );
        Directory.CreateDirectory(Path.Combine(directory, "data"));
        foreach (var file in new[] { "alertmanager.yml", "sink_async.py", "load.py" })
            File.Copy(Path.Combine(anchor, file), Path.Combine(directory, file));
        var ports = NodeProcess.FreePorts(2);
        var (port, sinkPort) = (ports[0], ports[1]);
        var yml = Path.Combine(directory, "alertmanager.yml");
        var anchored = await File.ReadAllTextAsync(yml);
        if (!anchored.Contains("127.0.0.1:9099", StringComparison.Ordinal))
            throw new InvalidOperationException(
                $"{anchor}/alertmanager.yml no longer points its webhook at 127.0.0.1:9099"
            );
        await File.WriteAllTextAsync(
            yml,
            config is null
                ? anchored.Replace("127.0.0.1:9099", $"127.0.0.1:{sinkPort}", StringComparison.Ordinal)
                : config(new Uri($"http://127.0.0.1:{sinkPort}/hook"))
        );

        var am = new AlertmanagerProcess(directory, binary, port, sinkPort) { AnchorSource = anchor };
        try
        {
            await am.WaitReadyAsync(TimeSpan.FromSeconds(30));
            am.Version = await VersionAsync(binary);
            return am;
        }
        catch
        {
            await am.DisposeAsync();
            throw;
        }
    }

    /// <summary>The anchor's own load generator (Python, one thread per connection) as a cross-check; returns its
    /// output.</summary>
    public async Task<string> RunLoadPyAsync(int total, int batch, int connections)
    {
        var start = new ProcessStartInfo("python3")
        {
            WorkingDirectory = _directory,
            ArgumentList =
            {
                "load.py",
                total.ToString(CultureInfo.InvariantCulture),
                batch.ToString(CultureInfo.InvariantCulture),
                connections.ToString(CultureInfo.InvariantCulture),
                Url.Authority,
                SinkUrl.Authority,
                "120",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (await output + await error).Trim();
    }

    private static Process Start(string file, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    private async Task WaitReadyAsync(TimeSpan within)
    {
        foreach (var process in new[] { _alertmanager, _sink })
        {
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            if (_alertmanager.HasExited)
                throw new InvalidOperationException($"alertmanager exited with {_alertmanager.ExitCode}: {LogTail}");
            if (_sink.HasExited)
                throw new InvalidOperationException($"the webhook sink exited with {_sink.ExitCode}: {LogTail}");
            try
            {
                using var ready = await http.GetAsync(new Uri(Url, "/-/ready"));
                using var stats = await http.GetAsync(new Uri(SinkUrl, "/stats"));
                if (ready.IsSuccessStatusCode && stats.IsSuccessStatusCode)
                    return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException(
            $"alertmanager or its webhook sink not ready within {within.TotalSeconds:0} s: {LogTail}"
        );
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            _log.AppendLine(line);
    }

    /// <summary>The anchor directory (read only: everything is copied before use).</summary>
    public static string AnchorDirectory()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("ALERTMANAGER_ANCHOR"),
            SharedAnchorBesideRepository(Directory.GetCurrentDirectory()),
            SharedAnchorBesideRepository(AppContext.BaseDirectory),
        };
        return candidates.FirstOrDefault(d => d is { Length: > 0 } && File.Exists(Path.Combine(d, "sink_async.py")))
            ?? throw new InvalidOperationException(
                $"no Alertmanager anchor directory (sink_async.py) in {string.Join(", ", candidates.Where(c => c is not null))}"
            );
    }

    /// <summary>../shared/anchors/alertmanager next to the repository (the directory holding AlertActors.sln) above
    /// <paramref name="start"/>.</summary>
    private static string? SharedAnchorBesideRepository(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "AlertActors.sln")))
                return directory.Parent is { } parent
                    ? Path.Combine(parent.FullName, "shared", "anchors", "alertmanager")
                    : null;
        return null;
    }

    /// <summary>The Alertmanager binary; installs Debian's package (as CI does) when it is missing.</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        if (Environment.GetEnvironmentVariable("ALERTMANAGER_BIN") is { Length: > 0 } configured)
            return configured;
        if ((Which("prometheus-alertmanager") ?? Which("alertmanager")) is { } found)
            return found;
        Console.Error.WriteLine($"alertmanager: not installed, running `{InstallCommand}`");
        var (code, output) = await RunAsync(
            "apt-get",
            "install",
            "-y",
            "--no-install-recommends",
            "prometheus-alertmanager"
        );
        if (code != 0)
        {
            // A fresh machine may have no package lists yet.
            await RunAsync("apt-get", "update");
            (code, output) = await RunAsync(
                "apt-get",
                "install",
                "-y",
                "--no-install-recommends",
                "prometheus-alertmanager"
            );
        }
        return Which("prometheus-alertmanager")
            ?? throw new InvalidOperationException(
                $"Prometheus Alertmanager is not installed and `{InstallCommand}` failed (exit {code}; it needs root and the Debian archive): "
                    + string.Join(" ", output.Split('\n').TakeLast(3)).Trim()
                    + ". Install it, or set ALERTMANAGER_BIN to its binary."
            );
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await output + await error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }

    private static async Task<string> VersionAsync(string binary)
    {
        var (_, output) = await RunAsync(binary, "--version");
        return output.Split('\n').FirstOrDefault()?.Trim() ?? "?";
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin")
            .Split(':')
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { _alertmanager, _sink })
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException) { }
            process.Dispose();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException) { }
    }
}
