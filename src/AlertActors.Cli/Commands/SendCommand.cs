using System.CommandLine;

namespace AlertActors.Cli.Commands;

/// <summary><c>send FILE|-</c>: publish one event or a JSON array of events through the HTTP API.</summary>
public static class SendCommand
{
    public static Command Create(GlobalOptions global)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "a JSON file with one event or an array of events; - reads standard input",
        };
        var command = new Command("send", "Publish events (CloudEvents JSON)") { file };
        command.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var path = parse.GetValue(file)!;
                        var body = path == "-" ? await Console.In.ReadToEndAsync(ct) : await ReadFileAsync(path, ct);
                        var answer = await client.SendAsync(ApiRoutes.PostEvents, ct, json: body);
                        if (json)
                            Output.Json(answer);
                        else
                        {
                            Console.WriteLine(
                                $"accepted {Output.Text(answer, "accepted")} event(s), recorded in {Output.Text(answer, "alerts")} alert(s)"
                            );
                            Output.Table(
                                ["EVENT", "OUTCOME", "ALERTS / REASON"],
                                (answer["events"]?.AsArray() ?? []).Select(e =>
                                    (IReadOnlyList<string>)
                                        [
                                            Output.Text(e, "id"),
                                            Output.Text(e, "outcome"),
                                            Output.Text(e, "reason") is { Length: > 0 } reason
                                                ? reason
                                                : string.Join(
                                                    ", ",
                                                    (e?["alerts"]?.AsArray() ?? []).Select(a => a?.ToString())
                                                ),
                                        ]
                                ),
                                ""
                            );
                        }
                    }
                )
        );
        return command;
    }

    /// <summary>The text of the file at <paramref name="path"/>.</summary>
    /// <exception cref="AlertCtlException">There is no such file.</exception>
    internal static async Task<string> ReadFileAsync(string path, CancellationToken ct) =>
        File.Exists(path)
            ? await File.ReadAllTextAsync(path, ct)
            : throw new AlertCtlException($"no such file: {path}");
}
