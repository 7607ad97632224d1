using System.CommandLine;
using System.Text.Json.Nodes;

namespace AlertActors.Cli.Commands;

/// <summary><c>alerts [--status S]</c>, <c>alert show|ack|resolve KEY</c>.</summary>
public static class AlertCommands
{
    public static Command Alerts(GlobalOptions global)
    {
        var status = new Option<string?>("--status") { Description = "pending, firing, acknowledged or resolved" };
        var tenant = new Option<string?>("--tenant") { Description = "only this tenant's alerts" };
        var command = new Command("alerts", "List alerts, newest first") { status, tenant };
        command.SetAction((parse, ct) => global.RunAsync(parse, async (client, json) =>
        {
            var query = $"?status={Uri.EscapeDataString(parse.GetValue(status) ?? "")}&tenant={Uri.EscapeDataString(parse.GetValue(tenant) ?? "")}";
            var answer = await client.GetAsync("/api/v1/alerts" + query, ct);
            if (json) Output.Json(answer);
            else Output.Table(["DEDUP KEY", "STATUS", "SEVERITY", "COUNT", "LAST SEEN", "SUMMARY"],
                answer["alerts"]!.AsArray().Select(a => (IReadOnlyList<string>)
                [
                    Output.Text(a, "dedup_key"), Output.Text(a, "status"), Output.Text(a, "severity"),
                    Output.Text(a, "occurrences"), Output.Text(a, "last_seen"), Output.Text(a, "summary"),
                ]));
        }));
        return command;
    }

    public static Command Alert(GlobalOptions global)
    {
        var command = new Command("alert", "Show, acknowledge or resolve one alert");
        command.Subcommands.Add(Show(global));
        command.Subcommands.Add(Change(global, "ack", "acknowledge", "Acknowledge a firing alert"));
        command.Subcommands.Add(Change(global, "resolve", "resolve", "Resolve an alert"));
        return command;
    }

    private static Command Show(GlobalOptions global)
    {
        var key = new Argument<string>("KEY") { Description = "the alert's dedup key" };
        var command = new Command("show", "Show one alert with its deliveries and timeline") { key };
        command.SetAction((parse, ct) => global.RunAsync(parse, async (client, json) =>
            Print(await client.GetAsync(AlertApiClient.AlertPath(parse.GetValue(key)!), ct), json)));
        return command;
    }

    private static Command Change(GlobalOptions global, string verb, string path, string description)
    {
        var key = new Argument<string>("KEY") { Description = "the alert's dedup key" };
        var by = new Option<string>("--by") { Description = "who does it (recorded in the timeline)", DefaultValueFactory = _ => Environment.UserName };
        var note = new Option<string?>("--note") { Description = "why (recorded in the timeline)" };
        var command = new Command(verb, description) { key, by, note };
        command.SetAction((parse, ct) => global.RunAsync(parse, async (client, json) =>
        {
            var body = new JsonObject { ["by"] = parse.GetValue(by), ["note"] = parse.GetValue(note) };
            Print(await client.PostAsync($"{AlertApiClient.AlertPath(parse.GetValue(key)!)}/{path}", body.ToJsonString(), ct), json);
        }));
        return command;
    }

    private static void Print(JsonNode alert, bool json)
    {
        if (json)
        {
            Output.Json(alert);
            return;
        }
        foreach (var field in new[] { "dedup_key", "status", "severity", "summary", "tenant", "occurrences", "first_seen", "last_seen", "acknowledged_by", "resolved_by" })
            Console.WriteLine($"{field,-16} {Output.Text(alert, field)}");
        Console.WriteLine();
        Output.Table(["DELIVERY", "PROVIDER", "ACTION", "STATUS", "ATTEMPTS", "DETAIL"],
            (alert["deliveries"]?.AsArray() ?? []).Select(d => (IReadOnlyList<string>)
            [
                Output.Text(d, "id"), Output.Text(d, "provider"), Output.Text(d, "action"),
                Output.Text(d, "status"), Output.Text(d, "attempts"), Output.Text(d, "detail"),
            ]));
        Console.WriteLine();
        Output.Table(["AT", "CHANGE", "BY", "NOTE"], (alert["timeline"]?.AsArray() ?? []).Select(t => (IReadOnlyList<string>)
            [Output.Text(t, "at"), Output.Text(t, "change"), Output.Text(t, "by"), Output.Text(t, "note")]));
    }
}
