using System.CommandLine;
using System.Text.Json.Nodes;

namespace AlertActors.Cli.Commands;

/// <summary><c>--server</c>, <c>--token</c>, <c>--output</c>, and the one-line-error convention.</summary>
public sealed class GlobalOptions
{
    public Option<string> Server { get; } =
        new("--server")
        {
            Description = "AlertActors HTTP address (env ALERTACTORS_SERVER)",
            DefaultValueFactory = _ =>
                Environment.GetEnvironmentVariable("ALERTACTORS_SERVER") ?? "http://127.0.0.1:8080",
            Recursive = true,
        };

    public Option<string?> Token { get; } =
        new("--token")
        {
            Description = "API token (env ALERTACTORS_API_TOKEN)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ALERTACTORS_API_TOKEN"),
            Recursive = true,
        };

    public Option<string> Output { get; } = CreateOutput();

    private static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "text or json",
            DefaultValueFactory = _ => "text",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    /// <summary>
    /// <c>--server</c> as a URL; <c>host:port</c> or a bare host without a scheme is taken as http, as operators type
    /// it.
    /// </summary>
    /// <exception cref="AlertCtlException">The text is not an http(s) address.</exception>
    public static Uri ServerUri(string? text)
    {
        var given = (text ?? "").Trim();
        var candidate = given.Contains("://", StringComparison.Ordinal) ? given : "http://" + given;
        if (
            given.Length == 0
            || !Uri.TryCreate(candidate, UriKind.Absolute, out var server)
            || server.Scheme is not ("http" or "https")
            || server.Host.Length == 0
        )
            throw new AlertCtlException(
                $"--server {given}: not an address like http://127.0.0.1:8080 or 127.0.0.1:8080"
            );
        return server;
    }

    public async Task<int> RunAsync(System.CommandLine.ParseResult parse, Func<AlertApiClient, bool, Task> action)
    {
        try
        {
            using var client = new AlertApiClient(ServerUri(parse.GetValue(Server)), parse.GetValue(Token));
            await action(client, string.Equals(parse.GetValue(Output), "json", StringComparison.OrdinalIgnoreCase));
            return 0;
        }
        catch (AlertCtlException ex)
        {
            await Console.Error.WriteLineAsync($"alertctl: {ex.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Sets <paramref name="command"/>'s action to one request to the API: <paramref name="ask"/>'s answer is printed
    /// as JSON with <c>--output json</c>, else as <paramref name="text"/> writes it. Errors are one line, exit 1
    /// (<see cref="RunAsync"/>).
    /// </summary>
    public void AnswerWith(
        Command command,
        Func<ParseResult, AlertApiClient, CancellationToken, Task<JsonNode>> ask,
        Action<JsonNode> text
    ) =>
        command.SetAction(
            (parse, ct) =>
                RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var answer = await ask(parse, client, ct);
                        if (json)
                            Cli.Output.Json(answer);
                        else
                            text(answer);
                    }
                )
        );

    /// <summary><c>--by</c>: who makes a change (recorded in the timeline or the revision when the node has no API
    /// tokens; else the token's name is), the OS user by default.</summary>
    public static Option<string> ByOption(string description = "who does it (recorded in the timeline)") =>
        new("--by") { Description = description, DefaultValueFactory = _ => Environment.UserName };

    /// <summary><c>--note</c>: why a change is made (recorded in the timeline).</summary>
    public static Option<string?> NoteOption() => new("--note") { Description = "why (recorded in the timeline)" };

    /// <summary>The JSON body of an acknowledge or resolve: <c>{"by": …, "note": …}</c> from
    /// <paramref name="by"/> and <paramref name="note"/>.</summary>
    public static string ChangeBody(ParseResult parse, Option<string> by, Option<string?> note) =>
        new JsonObject { ["by"] = parse.GetValue(by), ["note"] = parse.GetValue(note) }.ToJsonString();
}
