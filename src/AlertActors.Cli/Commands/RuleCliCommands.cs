using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlertActors.Cli.Commands;

/// <summary><c>rules list|show NAME|apply -f FILE|delete NAME</c>: the rules in force, and the rules stored through
/// the API (README "Rules through the API").</summary>
public static class RuleCliCommands
{
    public static Command Rules(GlobalOptions global)
    {
        var command = new Command("rules", "List, show, apply or delete rules (configuration rules are read-only)");
        command.Subcommands.Add(List(global));
        command.Subcommands.Add(Show(global));
        command.Subcommands.Add(Apply(global));
        command.Subcommands.Add(Delete(global));
        return command;
    }

    private static Command List(GlobalOptions global)
    {
        var command = new Command("list", "Every rule in force: configuration rules, then API rules");
        global.AnswerWith(
            command,
            (parse, client, ct) => client.SendAsync(ApiRoutes.ListRules, ct),
            answer =>
                Output.Table(
                    ["NAME", "ORIGIN", "REVISION", "UPDATED BY", "UPDATED AT", "PROBLEMS"],
                    (answer["rules"]?.AsArray() ?? []).Select(r =>
                        (IReadOnlyList<string>)
                            [
                                Output.Text(r, "name"),
                                Output.Text(r, "origin")
                                    + (r?["implicit"]?.GetValue<bool>() == true ? " (implicit)" : ""),
                                Output.Text(r, "revision"),
                                Output.Text(r, "updated_by"),
                                Output.Text(r, "updated_at"),
                                string.Join("; ", (r?["problems"]?.AsArray() ?? []).Select(p => p?.ToString())),
                            ]
                    ),
                    "no rules"
                )
        );
        return command;
    }

    private static Command Show(GlobalOptions global)
    {
        var name = new Argument<string>("NAME") { Description = "the rule's name" };
        var command = new Command("show", "One rule: its origin, revision and definition") { name };
        global.AnswerWith(
            command,
            (parse, client, ct) => client.SendAsync(ApiRoutes.GetRule, ct, [parse.GetValue(name)!]),
            rule =>
            {
                Console.WriteLine($"name:       {Output.Text(rule, "name")}");
                Console.WriteLine($"origin:     {Output.Text(rule, "origin")}");
                if (rule["revision"] is not null)
                {
                    Console.WriteLine($"revision:   {Output.Text(rule, "revision")}");
                    Console.WriteLine($"updated by: {Output.Text(rule, "updated_by")}");
                    Console.WriteLine($"updated at: {Output.Text(rule, "updated_at")}");
                }
                foreach (var problem in rule["problems"]?.AsArray() ?? [])
                    Console.WriteLine($"problem:    {problem}");
                Console.WriteLine("definition:");
                Output.Json(rule["definition"] ?? new JsonObject());
            }
        );
        return command;
    }

    private static Command Apply(GlobalOptions global)
    {
        var file = new Option<string>("--file", "-f")
        {
            Description = "a JSON file with one rule or an array of rules; - reads standard input",
            Required = true,
        };
        var by = ByOption();
        var command = new Command(
            "apply",
            "Create or replace rules through the API (each rule by its name, in file order; stops at the first refused)"
        )
        {
            file,
            by,
        };
        command.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var path = parse.GetValue(file)!;
                        var text =
                            path == "-"
                                ? await Console.In.ReadToEndAsync(ct)
                                : await SendCommand.ReadFileAsync(path, ct);
                        var query = $"?by={Uri.EscapeDataString(parse.GetValue(by) ?? "")}";
                        var applied = new JsonArray();
                        var rules = RulesIn(text, path);
                        for (var i = 0; i < rules.Count; i++)
                        {
                            var (rule, name) = rules[i];
                            JsonNode answer;
                            try
                            {
                                answer = await client.SendAsync(
                                    ApiRoutes.PutRule,
                                    ct,
                                    [name],
                                    query,
                                    rule.ToJsonString()
                                );
                            }
                            catch (AlertCtlException ex)
                            {
                                // Each rule is its own change: say which one was refused and what stands.
                                var before = applied.Select(a => Output.Text(a, "name")).ToList();
                                throw new AlertCtlException(
                                    $"{path}: rule [{i}] ({name}) was not applied: {ex.Message}; "
                                        + (
                                            before.Count == 0
                                                ? "no rule of the file was applied"
                                                : $"applied before it: {string.Join(", ", before)}"
                                        )
                                        + (i + 1 < rules.Count ? "; the rules after it were not tried" : "")
                                );
                            }
                            applied.Add(answer);
                            if (!json)
                                Console.WriteLine(
                                    $"rule {Output.Text(answer, "name")} applied (revision {Output.Text(answer, "revision")})"
                                );
                        }
                        if (json)
                            Output.Json(applied);
                    }
                )
        );
        return command;
    }

    private static Command Delete(GlobalOptions global)
    {
        var name = new Argument<string>("NAME") { Description = "the API rule's name" };
        var by = ByOption();
        var command = new Command("delete", "Delete a rule stored through the API") { name, by };
        global.AnswerWith(
            command,
            (parse, client, ct) =>
                client.SendAsync(
                    ApiRoutes.DeleteRule,
                    ct,
                    [parse.GetValue(name)!],
                    $"?by={Uri.EscapeDataString(parse.GetValue(by) ?? "")}"
                ),
            answer =>
                Console.WriteLine(
                    $"rule {Output.Text(answer, "name")} deleted (revision {Output.Text(answer, "revision")})"
                )
        );
        return command;
    }

    /// <summary><c>--by</c> of a rule change: recorded in the revision when the node has no API tokens.</summary>
    private static Option<string> ByOption() =>
        GlobalOptions.ByOption(
            "who makes the change, recorded when the node has no API tokens (else the token's name is)"
        );

    /// <summary>The rules of a file: one JSON object, or an array of them, each with a <c>name</c>.</summary>
    /// <exception cref="AlertCtlException">Not JSON, not rules, or a rule without a name; nothing is
    /// applied.</exception>
    private static IReadOnlyList<(JsonObject Rule, string Name)> RulesIn(string text, string path)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new AlertCtlException($"{path}: not JSON: {ex.Message}");
        }
        var rules = node switch
        {
            JsonObject one => [one],
            JsonArray many when many.All(r => r is JsonObject) => many.Cast<JsonObject>().ToList(),
            _ => throw new AlertCtlException($"{path}: must hold a rule (a JSON object) or an array of rules"),
        };
        var result = new List<(JsonObject, string)>();
        for (var i = 0; i < rules.Count; i++)
        {
            var name = rules[i]["name"] is JsonValue value ? value.ToString().Trim() : "";
            if (name.Length == 0)
                throw new AlertCtlException($"{path}: rule [{i}] has no \"name\"; nothing was applied");
            result.Add((rules[i], name));
        }
        return result;
    }
}
