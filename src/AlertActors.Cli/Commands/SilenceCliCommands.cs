using System.CommandLine;
using System.Text.Json.Nodes;

namespace AlertActors.Cli.Commands;

/// <summary><c>silence add|list|expire</c>: matcher-based, time-bounded silences (amtool-style matchers).</summary>
public static class SilenceCliCommands
{
    /// <summary>Longest first, so <c>=~</c> is not read as <c>=</c> followed by a value starting with
    /// <c>~</c>.</summary>
    private static readonly string[] Operators = ["!=", "=~", "!~", "="];

    public static Command Silence(GlobalOptions global)
    {
        var command = new Command("silence", "Add, list or expire silences");
        command.Subcommands.Add(Add(global));
        command.Subcommands.Add(List(global));
        command.Subcommands.Add(Expire(global));
        return command;
    }

    private static Command Add(GlobalOptions global)
    {
        var matchers = new Option<string[]>("--matcher", "-m")
        {
            Description =
                "FIELD=VALUE, FIELD!=VALUE, FIELD=~REGEX or FIELD!~REGEX over dedup_key, tenant, type, subject, severity, rule, source, summary (repeat; all must match)",
        };
        var duration = new Option<string?>("--duration", "-d")
        {
            Description = "how long, e.g. 30m, 2h, 1h30m, 3d (default 1h unless --end)",
        };
        var start = new Option<string?>("--start") { Description = "RFC 3339 start (default now)" };
        var end = new Option<string?>("--end") { Description = "RFC 3339 end, instead of --duration" };
        var comment = new Option<string?>("--comment", "-c") { Description = "why (required)" };
        var by = GlobalOptions.ByOption("who creates it");
        var command = new Command("add", "Silence matching alerts for a while")
        {
            matchers,
            duration,
            start,
            end,
            comment,
            by,
        };
        command.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var given = parse.GetValue(matchers) ?? [];
                        if (given.Length == 0)
                            throw new AlertCtlException(
                                "silence add needs at least one --matcher, e.g. --matcher tenant=site-a"
                            );
                        var body = new JsonObject
                        {
                            ["matchers"] = new JsonArray(given.Select(m => (JsonNode)ParseMatcher(m)).ToArray()),
                            ["created_by"] = parse.GetValue(by),
                            ["comment"] = parse.GetValue(comment),
                        };
                        if (parse.GetValue(start) is { } startsAt)
                            body["starts_at"] = startsAt;
                        if (parse.GetValue(end) is { } endsAt)
                            body["ends_at"] = endsAt;
                        if (parse.GetValue(duration) is { } length)
                            body["duration"] = length;
                        else if (parse.GetValue(end) is null)
                            body["duration"] = "1h";

                        var silence = await client.SendAsync(ApiRoutes.CreateSilence, ct, json: body.ToJsonString());
                        if (json)
                            Output.Json(silence);
                        else
                            Console.WriteLine(Output.Text(silence, "id"));
                    }
                )
        );
        return command;
    }

    private static Command List(GlobalOptions global)
    {
        var status = new Option<string?>("--status") { Description = "active, pending or expired" };
        var command = new Command("list", "List silences: active, then pending, then recently expired") { status };
        global.AnswerWith(
            command,
            (parse, client, ct) =>
                client.SendAsync(
                    ApiRoutes.ListSilences,
                    ct,
                    query: $"?status={Uri.EscapeDataString(parse.GetValue(status) ?? "")}"
                ),
            answer =>
                Output.Table(
                    ["ID", "STATUS", "MATCHERS", "STARTS", "ENDS", "CREATED BY", "COMMENT"],
                    answer["silences"]!
                        .AsArray()
                        .Select(s =>
                            (IReadOnlyList<string>)
                                [
                                    Output.Text(s, "id"),
                                    Output.Text(s, "status"),
                                    FormatMatchers(s!["matchers"]),
                                    Output.Text(s, "starts_at"),
                                    Output.Text(s, "ends_at"),
                                    Output.Text(s, "created_by"),
                                    Output.Text(s, "comment"),
                                ]
                        ),
                    "no silences"
                )
        );
        return command;
    }

    private static Command Expire(GlobalOptions global)
    {
        var id = new Argument<string>("ID") { Description = "the silence's id (from silence add or silence list)" };
        var command = new Command("expire", "End a silence now") { id };
        global.AnswerWith(
            command,
            (parse, client, ct) => client.SendAsync(ApiRoutes.ExpireSilence, ct, [parse.GetValue(id)!]),
            silence =>
                Console.WriteLine($"expired silence {Output.Text(silence, "id")} at {Output.Text(silence, "ends_at")}")
        );
        return command;
    }

    /// <summary><c>tenant=site-a</c> → <c>{"name":"tenant","value":"site-a","is_regex":false,"is_equal":true}</c>; a
    /// quoted value is unquoted.</summary>
    public static JsonObject ParseMatcher(string text)
    {
        var nameEnd = 0;
        while (nameEnd < text.Length && (char.IsAsciiLetterOrDigit(text[nameEnd]) || text[nameEnd] == '_'))
            nameEnd++;
        var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, nameEnd, o, 0, o.Length) == 0);
        if (nameEnd == 0 || op is null)
            throw new AlertCtlException(
                $"--matcher {text}: expected FIELD=VALUE, FIELD!=VALUE, FIELD=~REGEX or FIELD!~REGEX"
            );
        var value = text[(nameEnd + op.Length)..];
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
            value = value[1..^1].Replace("\\\"", "\"");
        return new JsonObject
        {
            ["name"] = text[..nameEnd],
            ["value"] = value,
            ["is_regex"] = op.EndsWith('~'),
            ["is_equal"] = op[0] == '=',
        };
    }

    private static string FormatMatchers(JsonNode? matchers) =>
        string.Join(
            " ",
            (matchers?.AsArray() ?? []).Select(m =>
            {
                var op = (m?["is_regex"]?.GetValue<bool>() ?? false, m?["is_equal"]?.GetValue<bool>() ?? true) switch
                {
                    (false, true) => "=",
                    (false, false) => "!=",
                    (true, true) => "=~",
                    (true, false) => "!~",
                };
                return $"{Output.Text(m, "name")}{op}\"{Output.Text(m, "value")}\"";
            })
        );
}
