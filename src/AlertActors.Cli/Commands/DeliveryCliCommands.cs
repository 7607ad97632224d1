using System.CommandLine;
using System.Text.Json.Nodes;

namespace AlertActors.Cli.Commands;

/// <summary>
/// <c>deliveries dead</c>, <c>deliveries retry ID</c>: provider deliveries (PagerDuty, OpsGenie, webhook, Slack calls)
/// that were refused for good or ran out of retries. Not the Kafka dead-letter topic, which <c>kafka dead-letters</c>
/// shows. <c>dlq list|retry</c> is their old name, kept (hidden) for scripts.
/// </summary>
public static class DeliveryCliCommands
{
    public static Command Deliveries(GlobalOptions global)
    {
        var command = new Command(
            "deliveries",
            "Dead provider deliveries: list them or put one back in its alert's outbox"
        );
        command.Subcommands.Add(List(global, "dead"));
        command.Subcommands.Add(Retry(global));
        return command;
    }

    /// <summary>The old names: <c>dlq list</c> and <c>dlq retry ID</c>.</summary>
    public static Command OldDlq(GlobalOptions global)
    {
        var command = new Command("dlq", "Old name of deliveries dead / deliveries retry") { Hidden = true };
        command.Subcommands.Add(List(global, "list"));
        command.Subcommands.Add(Retry(global));
        return command;
    }

    private static Command List(GlobalOptions global, string name)
    {
        var limit = new Option<int?>("--limit") { Description = "at most this many (1 to 1000; default 100)" };
        var offset = new Option<int?>("--offset") { Description = "skip this many first" };
        var command = new Command(name, "List dead provider deliveries, newest first") { limit, offset };
        command.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var query = new List<string>();
                        if (parse.GetValue(limit) is { } take)
                            query.Add($"limit={take}");
                        if (parse.GetValue(offset) is { } skip)
                            query.Add($"offset={skip}");
                        var answer = await client.SendAsync(
                            ApiRoutes.ListDeadDeliveries,
                            ct,
                            query: query.Count == 0 ? "" : "?" + string.Join("&", query)
                        );
                        if (json)
                        {
                            Output.Json(answer);
                            return;
                        }
                        var deliveries = answer["deliveries"]?.AsArray() ?? [];
                        var now = DateTimeOffset.UtcNow;
                        Output.Table(
                            ["ID", "DEDUP KEY", "PROVIDER", "ACTION", "ATTEMPTS", "DEAD FOR", "DETAIL"],
                            deliveries.Select(d =>
                                (IReadOnlyList<string>)
                                    [
                                        Output.Text(d, "id"),
                                        Output.Text(d, "dedup_key"),
                                        Output.Text(d, "provider"),
                                        Output.Text(d, "action"),
                                        Output.Text(d, "attempts"),
                                        Output.Age(d, "completed_at", now),
                                        OneLine(Output.Text(d, "detail")),
                                    ]
                            ),
                            "no dead deliveries"
                        );
                        Output.PageNote(
                            deliveries.Count,
                            answer["offset"]?.GetValue<int>() ?? 0,
                            answer["total"]?.GetValue<long>() ?? deliveries.Count,
                            "dead deliveries"
                        );
                    }
                )
        );
        return command;
    }

    private static Command Retry(GlobalOptions global)
    {
        var id = new Argument<string>("ID") { Description = "the dead delivery's id (from deliveries dead)" };
        var by = GlobalOptions.ByOption("who retries it (recorded on the delivery)");
        var command = new Command("retry", "Put a dead delivery back in its alert's outbox") { id, by };
        command.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var deliveryId = parse.GetValue(id)!;
                        var body = new JsonObject { ["by"] = parse.GetValue(by) };
                        var alert = await client.SendAsync(
                            ApiRoutes.RetryDeadDelivery,
                            ct,
                            [deliveryId],
                            json: body.ToJsonString()
                        );
                        if (json)
                            Output.Json(alert);
                        else
                            Console.WriteLine(
                                $"requeued {deliveryId} (alert {Output.Text(alert, "dedup_key")}, {Output.Text(alert, "status")})"
                            );
                    }
                )
        );
        return command;
    }

    /// <summary>Provider error bodies may span lines; a table row must not.</summary>
    public static string OneLine(string text) =>
        string.Join(
            ' ',
            text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        );
}
