using System.CommandLine;
using System.Text.Json.Nodes;

namespace AlertActors.Cli.Commands;

/// <summary><c>alerts [--status S]</c>, <c>alert show|ack|resolve|timeline KEY</c>.</summary>
public static class AlertCliCommands
{
    /// <summary>The API's largest page; <c>--all</c> fetches page after page of it.</summary>
    private const int PageSize = 1000;

    public static Command Alerts(GlobalOptions global)
    {
        var status = new Option<string?>("--status") { Description = "pending, firing, acknowledged or resolved" };
        var tenant = new Option<string?>("--tenant") { Description = "only this tenant's alerts" };
        var limit = new Option<int?>("--limit") { Description = "at most this many (1 to 1000; default 100)" };
        var offset = new Option<int?>("--offset") { Description = "skip this many first" };
        var all = new Option<bool>("--all") { Description = "every matching alert, page after page" };
        var command = new Command("alerts", "List alerts, newest first") { status, tenant, limit, offset, all };
        command.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var query =
                            $"?status={Uri.EscapeDataString(parse.GetValue(status) ?? "")}&tenant={Uri.EscapeDataString(parse.GetValue(tenant) ?? "")}";
                        var first = parse.GetValue(offset) ?? 0;
                        var answer = await client.SendAsync(
                            ApiRoutes.ListAlerts,
                            ct,
                            query: $"{query}&offset={first}&limit={(parse.GetValue(all) ? PageSize : parse.GetValue(limit) ?? 100)}"
                        );
                        var alerts = answer["alerts"]!.AsArray();
                        var total = answer["total"]?.GetValue<long>() ?? alerts.Count;
                        while (parse.GetValue(all) && first + alerts.Count < total)
                        {
                            var next = (
                                await client.SendAsync(
                                    ApiRoutes.ListAlerts,
                                    ct,
                                    query: $"{query}&offset={first + alerts.Count}&limit={PageSize}"
                                )
                            )["alerts"]!.AsArray();
                            if (next.Count == 0)
                                break;
                            foreach (var alert in next.ToList())
                                alerts.Add(alert!.DeepClone());
                        }
                        if (json)
                        {
                            Output.Json(answer);
                            return;
                        }
                        var now = DateTimeOffset.UtcNow;
                        Output.Table(
                            ["DEDUP KEY", "STATUS", "SILENCED", "SEVERITY", "COUNT", "LAST SEEN", "SUMMARY"],
                            alerts.Select(a =>
                                (IReadOnlyList<string>)
                                    [
                                        Output.Text(a, "dedup_key"),
                                        Output.Text(a, "status"),
                                        a?["silenced"]?.GetValue<bool>() == true ? "yes" : "no",
                                        Output.Text(a, "severity"),
                                        Output.Text(a, "occurrences"),
                                        $"{Output.Age(a, "last_seen", now)} ago",
                                        Output.Text(a, "summary"),
                                    ]
                            ),
                            "no alerts"
                        );
                        Output.PageNote(alerts.Count, first, total, "alerts");
                    }
                )
        );
        return command;
    }

    public static Command Alert(GlobalOptions global)
    {
        var command = new Command("alert", "Show, acknowledge, resolve one alert or print its timeline");
        command.Subcommands.Add(Show(global));
        command.Subcommands.Add(Change(global, "ack", ApiRoutes.AcknowledgeAlert, "Acknowledge a firing alert"));
        command.Subcommands.Add(Change(global, "resolve", ApiRoutes.ResolveAlert, "Resolve an alert"));
        command.Subcommands.Add(ReportCliCommands.Timeline(global));
        return command;
    }

    private static Command Show(GlobalOptions global)
    {
        var key = new Argument<string>("KEY") { Description = "the alert's dedup key" };
        var command = new Command("show", "Show one alert with its deliveries and timeline") { key };
        global.AnswerWith(
            command,
            (parse, client, ct) => client.SendAsync(ApiRoutes.GetAlert, ct, [parse.GetValue(key)!]),
            Print
        );
        return command;
    }

    private static Command Change(GlobalOptions global, string verb, ApiRoute route, string description)
    {
        var key = new Argument<string>("KEY") { Description = "the alert's dedup key" };
        var by = GlobalOptions.ByOption();
        var note = GlobalOptions.NoteOption();
        var command = new Command(verb, description) { key, by, note };
        global.AnswerWith(
            command,
            (parse, client, ct) =>
                client.SendAsync(route, ct, [parse.GetValue(key)!], json: GlobalOptions.ChangeBody(parse, by, note)),
            Print
        );
        return command;
    }

    /// <summary>What <c>alert show</c> prints about the alert itself, in this order (the API's field names).</summary>
    public static readonly string[] ShownFields =
    [
        "dedup_key",
        "status",
        "silenced",
        "muted_by",
        "muted_until",
        "held_for_remediation",
        "remediation",
        "suppressed",
        "severity",
        "summary",
        "tenant",
        "source",
        "type",
        "subject",
        "rule",
        "occurrences",
        "first_seen",
        "last_seen",
        "firing_period",
        "acknowledged_by",
        "resolved_by",
        "details",
    ];

    private static void Print(JsonNode alert)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var field in ShownFields)
        {
            var value = field switch
            {
                "first_seen" or "last_seen" when Output.Text(alert, field) is { Length: > 0 } at =>
                    $"{at} ({Output.Age(alert, field, now)} ago)",
                "details" => alert["details"]?.ToJsonString() ?? "",
                "remediation" when alert["remediation"] is JsonObject r =>
                    $"{Output.Text(r, "status")}, {Output.Text(r, "attempts")} attempt(s)"
                        + (Output.Text(r, "last_result") is { Length: > 0 } last ? $", last: {last}" : ""),
                _ => Output.Text(alert, field),
            };
            Console.WriteLine($"{field, -16} {value}");
        }
        Console.WriteLine();
        Output.Deliveries(alert);
        Console.WriteLine();
        Output.Table(
            ["AT", "CHANGE", "BY", "NOTE"],
            (alert["timeline"]?.AsArray() ?? []).Select(t =>
                (IReadOnlyList<string>)
                    [Output.Text(t, "at"), Output.Text(t, "change"), Output.Text(t, "by"), Output.Text(t, "note")]
            ),
            "no timeline entries"
        );
    }
}
