using System.Diagnostics;

namespace AlertActors.TestSupport;

/// <summary>Runs alertctl (built beside the tests) as an operator would, against a node.</summary>
public static class AlertCtlProcess
{
    public static Task<(int ExitCode, string Out, string Err)> RunAsync(
        string server,
        string? token,
        params string[] args
    ) => RunAsync(server, token, new Dictionary<string, string>(), args);

    /// <summary>As above, with these environment variables set for alertctl (e.g. ALERTACTORS_API_TOKEN, as a
    /// Kubernetes hook has it).</summary>
    public static async Task<(int ExitCode, string Out, string Err)> RunAsync(
        string server,
        string? token,
        IReadOnlyDictionary<string, string> environment,
        params string[] args
    )
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment.Remove("ALERTACTORS_API_TOKEN");
        start.Environment.Remove("ALERTACTORS_SERVER");
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "alertctl.dll"));
        start.ArgumentList.Add("--server");
        start.ArgumentList.Add(server);
        if (token is not null)
        {
            start.ArgumentList.Add("--token");
            start.ArgumentList.Add(token);
        }
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
