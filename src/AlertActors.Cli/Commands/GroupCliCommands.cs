using System.CommandLine;
using System.Text.Json.Nodes;

namespace AlertActors.Cli.Commands;

/// <summary><c>groups</c>, <c>group show|ack KEY</c> (README "Grouping").</summary>
public static class GroupCliCommands
{
    public static Command Groups(GlobalOptions global)
    {
        var command = new Command("groups", "List alert groups with firing or acknowledged members");
        command.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var answer = await client.SendAsync(ApiRoutes.ListGroups, ct);
                        if (json)
                        {
                            Output.Json(answer);
                            return;
                        }
                        Output.Table(
                            ["GROUP KEY", "STATUS", "FIRING", "LAST NOTIFIED", "NEXT NOTIFICATION"],
                            (answer["groups"]?.AsArray() ?? []).Select(g =>
                                (IReadOnlyList<string>)
                                    [
                                        Output.Text(g, "group_key"),
                                        Output.Text(g, "status"),
                                        Output.Text(g, "firing"),
                                        Output.Text(g, "last_notified_at"),
                                        Output.Text(g, "next_notification_at"),
                                    ]
                            ),
                            "no groups"
                        );
                    }
                )
        );
        return command;
    }

    public static Command Group(GlobalOptions global)
    {
        var command = new Command("group", "Show or acknowledge one alert group");
        var key = new Argument<string>("KEY") { Description = "the group key (as GET /api/v1/groups lists it)" };
        var show = new Command("show", "Show one group with its members, deliveries and timeline") { key };
        global.AnswerWith(
            show,
            (parse, client, ct) => client.SendAsync(ApiRoutes.GetGroup, ct, [parse.GetValue(key)!]),
            Print
        );
        var ackKey = new Argument<string>("KEY") { Description = "the group key" };
        var by = GlobalOptions.ByOption();
        var note = GlobalOptions.NoteOption();
        var ack = new Command("ack", "Acknowledge a firing group and each of its members") { ackKey, by, note };
        global.AnswerWith(
            ack,
            (parse, client, ct) =>
                client.SendAsync(
                    ApiRoutes.AcknowledgeGroup,
                    ct,
                    [parse.GetValue(ackKey)!],
                    json: GlobalOptions.ChangeBody(parse, by, note)
                ),
            Print
        );
        command.Subcommands.Add(show);
        command.Subcommands.Add(ack);
        return command;
    }

    private static void Print(JsonNode group)
    {
        foreach (
            var field in new[]
            {
                "group_key",
                "status",
                "rule",
                "firing",
                "period",
                "firing_since",
                "last_notified_at",
                "next_notification_at",
                "acknowledged_by",
                "resolved_at",
            }
        )
            Console.WriteLine($"{field, -21} {Output.Text(group, field)}");
        Console.WriteLine();
        Output.Table(
            ["MEMBER", "SEVERITY", "TENANT", "SUMMARY"],
            (group["members"]?.AsArray() ?? []).Select(m =>
                (IReadOnlyList<string>)
                    [
                        Output.Text(m, "dedup_key"),
                        Output.Text(m, "severity"),
                        Output.Text(m, "tenant"),
                        Output.Text(m, "summary"),
                    ]
            ),
            "no members"
        );
        Console.WriteLine();
        Output.Deliveries(group);
    }
}
