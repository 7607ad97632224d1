using System.CommandLine;

namespace AlertActors.Cli.Commands;

/// <summary><c>--server</c>, <c>--token</c>, <c>--output</c>, and the one-line-error convention.</summary>
public sealed class GlobalOptions
{
    public Option<string> Server { get; } = new("--server")
    {
        Description = "AlertActors HTTP address (env ALERTACTORS_SERVER)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ALERTACTORS_SERVER") ?? "http://127.0.0.1:8080",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "API token (env ALERTACTORS_API_TOKEN)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ALERTACTORS_API_TOKEN"),
        Recursive = true,
    };

    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "text or json",
        DefaultValueFactory = _ => "text",
        Recursive = true,
    };

    public async Task<int> RunAsync(System.CommandLine.ParseResult parse, Func<AlertApiClient, bool, Task> action)
    {
        try
        {
            if (!Uri.TryCreate(parse.GetValue(Server), UriKind.Absolute, out var server))
                throw new AlertCtlException($"--server {parse.GetValue(Server)} is not a URL");
            using var client = new AlertApiClient(server, parse.GetValue(Token));
            await action(client, string.Equals(parse.GetValue(Output), "json", StringComparison.OrdinalIgnoreCase));
            return 0;
        }
        catch (AlertCtlException ex)
        {
            await Console.Error.WriteLineAsync($"alertctl: {ex.Message}");
            return 1;
        }
    }
}
