using System.CommandLine;
using AlertActors.Host.Startup;

namespace AlertActors.Cli.Commands;

/// <summary>
/// <c>config check FILE [--event FILE]</c>: the node's <c>check-config</c>, on this machine, without a node (like
/// <c>amtool check-config</c>): every problem of the configuration, and sample events tested against its rules. Exit 0
/// when usable, 78 when not.
/// </summary>
public static class ConfigCliCommands
{
    public static Command Config()
    {
        var file = new Argument<string>("FILE")
        {
            Description = "the HOCON file, as the node's --config would take it",
        };
        var events = new Option<string[]>("--event")
        {
            Description =
                "a JSON file with a sample event (or an array of them) to test against the rules; - reads standard input; may be repeated",
        };
        var check = new Command("check", "Check a node configuration without starting a node") { file, events };
        check.SetAction(
            (parse, _) =>
                ConfigCheck.RunAsync(
                    parse.GetValue(file),
                    parse.GetValue(events) ?? [],
                    [Host.Startup.AlertActorsHost.DefaultUrl],
                    Environment.GetEnvironmentVariables(),
                    Console.Out,
                    Console.Error,
                    Console.In
                )
        );
        var command = new Command("config", "Node configuration") { check };
        return command;
    }
}
