using System.CommandLine;
using AlertActors.Configuration;
using AlertActors.Host.Startup;

namespace AlertActors.Host.Startup;

/// <summary>
/// The node's command line: with no verb it runs a node (ASP.NET Core's arguments pass through: <c>--config FILE</c>,
/// <c>--urls URLS</c>,
/// <c>--Logging:...</c>); <c>check-config [--config FILE] [--event FILE]</c> checks a configuration without starting
/// one. A node that its configuration refuses prints one line per problem to standard error and exits
/// <see cref="ExitCodes.Config"/>, without a stack trace.
/// </summary>
public static class NodeCommandLine
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand(
            "AlertActors node: Kafka and HTTP events in, PagerDuty, OpsGenie, webhook and Slack notifications out"
        )
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(
            new Option<string?>("--config")
            {
                Description = "HOCON file merged over the defaults (env ALERTACTORS_CONFIG)",
            }
        );
        root.Options.Add(
            new Option<string?>("--urls")
            {
                Description = "HTTP addresses, ';'-separated (env ASPNETCORE_URLS; default http://127.0.0.1:8080)",
            }
        );
        root.SetAction((_, _) => RunNodeAsync(args));
        root.Subcommands.Add(CheckConfigCommand());
        // SIGTERM and Ctrl+C belong to the host's lifetime (drain, leave the cluster, exit 0), not to the command line
        // parser, which would end the process with 143 two seconds into a graceful stop.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
    }

    private static Command CheckConfigCommand()
    {
        var config = new Option<string?>("--config")
        {
            Description = "the HOCON file to check (env ALERTACTORS_CONFIG); without one, the defaults and environment",
        };
        var events = new Option<string[]>("--event")
        {
            Description =
                "a JSON file with a sample event (or an array of them) to test against the rules; - reads standard input; may be repeated",
        };
        var urls = new Option<string?>("--urls")
        {
            Description = "the HTTP addresses the node would listen on (env ASPNETCORE_URLS)",
        };
        var command = new Command(
            "check-config",
            "Check a configuration without starting a node: every problem, the providers' modes, and sample events against the rules"
        )
        {
            config,
            events,
            urls,
        };
        command.SetAction(
            (parse, _) =>
            {
                var environment = Environment.GetEnvironmentVariables();
                var given = parse.GetValue(urls) ?? environment["ASPNETCORE_URLS"] as string;
                IReadOnlyList<string> addresses = given is { Length: > 0 }
                    ? given.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : [AlertActorsHost.DefaultUrl];
                return ConfigCheck.RunAsync(
                    NodeConfigurationReader.ConfigFileOf(parse.GetValue(config), environment),
                    parse.GetValue(events) ?? [],
                    addresses,
                    environment,
                    Console.Out,
                    Console.Error,
                    Console.In
                );
            }
        );
        return command;
    }

    private static async Task<int> RunNodeAsync(string[] args)
    {
        WebApplication app;
        try
        {
            app = AlertActorsHost.Create(args);
        }
        catch (ConfigurationProblemsException refused)
        {
            await Console.Error.WriteLineAsync(
                $"alertactors: not started: {refused.Problems.Count} configuration problem{(refused.Problems.Count == 1 ? "" : "s")}"
            );
            foreach (var problem in refused.Problems)
                await Console.Error.WriteLineAsync(problem);
            return ExitCodes.Config;
        }
        try
        {
            await app.RunNodeAsync();
            return Environment.ExitCode;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"alertactors: stopped: {Reason(ex)}");
            return ExitCodes.Software;
        }
    }

    /// <summary>The innermost messages of a (nested, aggregated) exception, on one line.</summary>
    private static string Reason(Exception ex)
    {
        while (
            ex is AggregateException { InnerExceptions.Count: 1 }
            || (ex.InnerException is not null && ex is not AggregateException)
        )
            ex = ex.InnerException!;
        return ex is AggregateException aggregate
            ? string.Join("; ", aggregate.InnerExceptions.Select(Reason).Distinct())
            : ex.Message.ReplaceLineEndings(" ");
    }
}
