using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace AlertActors.Cli.Commands;

/// <summary>
/// <c>report [--since T] [--until T] [--by rule|tenant|severity]</c> (incident response: MTTA, MTTR, p50/p90,
/// never-acknowledged, noisy rules) and <c>alert timeline KEY [--period N]</c> (a firing period as a postmortem-ready
/// Markdown timeline).
/// </summary>
public static class ReportCliCommands
{
    public static Command Report(GlobalOptions global)
    {
        var since = new Option<string?>("--since")
        {
            Description = "RFC 3339 start of the window, e.g. 2026-11-23T00:00:00Z (default: 7 days before --until)",
        };
        var until = new Option<string?>("--until") { Description = "RFC 3339 end of the window (default: now)" };
        var by = new Option<string>("--by")
        {
            Description = "group by rule, tenant or severity",
            DefaultValueFactory = _ => "rule",
        };
        var command = new Command("report", "Incident response: MTTA, MTTR, never-acknowledged alerts, noisy rules")
        {
            since,
            until,
            by,
        };
        command.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var query =
                            $"?by={Uri.EscapeDataString(parse.GetValue(by) ?? "")}"
                            + $"&since={Uri.EscapeDataString(parse.GetValue(since) ?? "")}"
                            + $"&until={Uri.EscapeDataString(parse.GetValue(until) ?? "")}";
                        var report = await client.SendAsync(ApiRoutes.ResponseReport, ct, query: query);
                        if (json)
                            Output.Json(report);
                        else
                            Print(report);
                    }
                )
        );
        return command;
    }

    public static Command Timeline(GlobalOptions global)
    {
        var key = new Argument<string>("KEY") { Description = "the alert's dedup key" };
        var period = new Option<int?>("--period") { Description = "the firing period (default: the latest)" };
        var command = new Command("timeline", "Print one firing period of an alert as a Markdown timeline")
        {
            key,
            period,
        };
        command.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var query = parse.GetValue(period) is { } n
                            ? $"&period={n.ToString(CultureInfo.InvariantCulture)}"
                            : "";
                        if (json)
                            Output.Json(
                                await client.SendAsync(
                                    ApiRoutes.AlertTimeline,
                                    ct,
                                    [parse.GetValue(key)!],
                                    query: "?format=json" + query
                                )
                            );
                        else
                            Console.Write(
                                await client.GetTextAsync(
                                    ApiRoutes.AlertTimeline,
                                    ct,
                                    [parse.GetValue(key)!],
                                    query: "?format=markdown" + query
                                )
                            );
                    }
                )
        );
        return command;
    }

    private static void Print(JsonNode report)
    {
        Console.WriteLine(
            $"firing periods that fired from {Output.Text(report, "since")} to {Output.Text(report, "until")}, by {Output.Text(report, "by")}"
        );
        var groups = report["groups"]?.AsArray() ?? [];
        Output.Table(
            [
                Output.Text(report, "by").ToUpperInvariant(),
                "FIRED",
                "ACKED",
                "RESOLVED",
                "MTTA",
                "TTA P50",
                "TTA P90",
                "MTTR",
                "TTR P50",
                "TTR P90",
                "NEVER ACKED",
            ],
            groups.Select(g =>
                (IReadOnlyList<string>)
                    [
                        Output.Text(g, "key"),
                        Output.Text(g, "fired"),
                        Output.Text(g, "acknowledged"),
                        Output.Text(g, "resolved"),
                        Seconds(g, "mtta_seconds"),
                        Seconds(g, "tta_p50_seconds"),
                        Seconds(g, "tta_p90_seconds"),
                        Seconds(g, "mttr_seconds"),
                        Seconds(g, "ttr_p50_seconds"),
                        Seconds(g, "ttr_p90_seconds"),
                        Output.Text(g, "never_acknowledged"),
                    ]
            ),
            "no alert fired in this window"
        );
        var never = groups
            .SelectMany(g => g?["never_acknowledged_alerts"]?.AsArray() ?? [])
            .Select(p =>
                (IReadOnlyList<string>)
                    [
                        Output.Text(p, "dedup_key"),
                        Output.Text(p, "period"),
                        Output.Text(p, "fired_at"),
                        Output.Text(p, "resolved_how"),
                    ]
            )
            .ToList();
        if (never.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("never acknowledged (latest first, per group):");
            Output.Table(["DEDUP KEY", "PERIOD", "FIRED", "RESOLVED VIA"], never, "");
        }
        foreach (
            var (field, title) in new[]
            {
                ("most_firings", "noisiest rules (most firings):"),
                ("most_auto_resolved_unacknowledged", "noisiest rules (auto-resolved, never acknowledged):"),
            }
        )
        {
            var rules = report["noisy_rules"]?[field]?.AsArray() ?? [];
            if (rules.Count == 0)
                continue;
            Console.WriteLine();
            Console.WriteLine(title);
            Output.Table(
                ["RULE", "COUNT"],
                rules.Select(r => (IReadOnlyList<string>)[Output.Text(r, "rule"), Output.Text(r, "count")]),
                ""
            );
        }
    }

    /// <summary>A duration in seconds as <c>4m 12s</c>, <c>1h 3m</c>, <c>2d 4h</c>; <c>-</c> when absent.</summary>
    private static string Seconds(JsonNode? node, string name)
    {
        if (node?[name] is not { } value)
            return "-";
        var span = TimeSpan.FromSeconds(Math.Round(value.GetValue<double>()));
        return span switch
        {
            { TotalMinutes: < 1 } => $"{span.Seconds}s",
            { TotalHours: < 1 } => $"{span.Minutes}m {span.Seconds}s",
            { TotalDays: < 1 } => $"{span.Hours}h {span.Minutes}m",
            _ => $"{(int)span.TotalDays}d {span.Hours}h",
        };
    }
}
