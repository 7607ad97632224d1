using System.CommandLine;

namespace AlertActors.Cli.Commands;

/// <summary><c>kafka dead-letters [--limit N]</c>: the Kafka dead-letter topics (messages that could not be ingested),
/// counted, with the newest and their reasons.</summary>
public static class KafkaCliCommands
{
    public static Command Kafka(GlobalOptions global)
    {
        var command = new Command("kafka", "Inspect the Kafka side: the dead-letter topics");
        var limit = new Option<int?>("--limit")
        {
            Description = "newest messages shown per topic (0 to 100; default 10)",
        };
        var deadLetters = new Command(
            "dead-letters",
            "How many messages each <topic>.dlq holds, and the newest with the reason they could not be ingested"
        )
        {
            limit,
        };
        deadLetters.SetAction(
            (parse, ct) =>
                global.RunAsync(
                    parse,
                    async (client, json) =>
                    {
                        var answer = await client.SendAsync(
                            ApiRoutes.ListKafkaDeadLetters,
                            ct,
                            query: parse.GetValue(limit) is { } n ? $"?limit={n}" : ""
                        );
                        if (json)
                        {
                            Output.Json(answer);
                            return;
                        }
                        var now = DateTimeOffset.UtcNow;
                        foreach (var topic in answer["topics"]?.AsArray() ?? [])
                        {
                            Console.WriteLine(
                                $"{Output.Text(topic, "topic")}: {Output.Text(topic, "messages")} message(s) (from {Output.Text(topic, "input_topic")})"
                            );
                            var latest = topic?["latest"]?.AsArray() ?? [];
                            if (latest.Count == 0)
                                continue;
                            Output.Table(
                                ["PARTITION", "OFFSET", "AGE", "SOURCE", "REASON"],
                                latest.Select(m =>
                                    (IReadOnlyList<string>)
                                        [
                                            Output.Text(m, "partition"),
                                            Output.Text(m, "offset"),
                                            Output.Age(m, "timestamp", now),
                                            $"{Output.Text(m, "source_topic")}/{Output.Text(m, "source_partition")}@{Output.Text(m, "source_offset")}",
                                            DeliveryCliCommands.OneLine(Output.Text(m, "reason")),
                                        ]
                                ),
                                ""
                            );
                        }
                    }
                )
        );
        command.Subcommands.Add(deadLetters);
        return command;
    }
}
