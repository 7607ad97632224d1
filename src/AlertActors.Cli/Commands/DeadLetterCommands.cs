using System.CommandLine;
using System.Text.Json.Nodes;

namespace AlertActors.Cli.Commands;

/// <summary><c>dlq list</c>, <c>dlq retry ID</c>: deliveries the providers refused for good or that ran out of retries.</summary>
public static class DeadLetterCommands
{
    public static Command Dlq(GlobalOptions global)
    {
        var command = new Command("dlq", "List or retry dead deliveries (refused by the provider, or out of retries)");
        command.Subcommands.Add(List(global));
        command.Subcommands.Add(Retry(global));
        return command;
    }

    private static Command List(GlobalOptions global)
    {
        var limit = new Option<int?>("--limit") { Description = "at most this many (default 100, up to 1000)" };
        var offset = new Option<int?>("--offset") { Description = "skip this many first" };
        var command = new Command("list", "List dead deliveries, newest first") { limit, offset };
        command.SetAction((parse, ct) => global.RunAsync(parse, async (client, json) =>
        {
            var query = new List<string>();
            if (parse.GetValue(limit) is { } take) query.Add($"limit={take}");
            if (parse.GetValue(offset) is { } skip) query.Add($"offset={skip}");
            var answer = await client.GetAsync("/api/v1/deliveries/dead" + (query.Count == 0 ? "" : "?" + string.Join("&", query)), ct);
            if (json)
            {
                Output.Json(answer);
                return;
            }
            var deliveries = answer["deliveries"]?.AsArray() ?? [];
            Output.Table(["ID", "DEDUP KEY", "PROVIDER", "ACTION", "ATTEMPTS", "DETAIL"],
                deliveries.Select(d => (IReadOnlyList<string>)
                [
                    Output.Text(d, "id"), Output.Text(d, "dedup_key"), Output.Text(d, "provider"),
                    Output.Text(d, "action"), Output.Text(d, "attempts"), OneLine(Output.Text(d, "detail")),
                ]));
            var total = answer["total"]?.GetValue<long>() ?? deliveries.Count;
            if (total > deliveries.Count) Console.WriteLine($"({deliveries.Count} of {total}; use --offset and --limit for more)");
        }));
        return command;
    }

    private static Command Retry(GlobalOptions global)
    {
        var id = new Argument<string>("ID") { Description = "the dead delivery's id (from dlq list)" };
        var by = new Option<string>("--by") { Description = "who retries it (recorded on the delivery)", DefaultValueFactory = _ => Environment.UserName };
        var command = new Command("retry", "Put a dead delivery back in its alert's outbox") { id, by };
        command.SetAction((parse, ct) => global.RunAsync(parse, async (client, json) =>
        {
            var deliveryId = parse.GetValue(id)!;
            var body = new JsonObject { ["by"] = parse.GetValue(by) };
            var alert = await client.PostAsync($"/api/v1/deliveries/dead/{Uri.EscapeDataString(deliveryId)}/retry", body.ToJsonString(), ct);
            if (json) Output.Json(alert);
            else Console.WriteLine($"requeued {deliveryId} (alert {Output.Text(alert, "dedup_key")}, {Output.Text(alert, "status")})");
        }));
        return command;
    }

    /// <summary>Provider error bodies may span lines; a table row must not.</summary>
    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
