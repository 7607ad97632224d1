using System.Collections;
using System.Text;
using AlertActors.Configuration;
using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;

namespace AlertActors.Host.Startup;

/// <summary>
/// <c>check-config</c> (the node's verb, and <c>alertctl config check</c>): reads a configuration as a start would,
/// without starting anything, prints every problem (one line each, to standard error) or what the node would do (rules,
/// providers' delivery modes), and tests sample events against the rules: which rules match, the dedup key and summary
/// each renders, and why nothing matched. Exit 0 when the configuration is usable, <see cref="ExitCodes.Config"/> when
/// it is not, <see cref="ExitCodes.Usage"/> for a sample event file that cannot be read.
/// </summary>
public static class ConfigCheck
{
    /// <param name="configFile">The operator's file (null: defaults and environment only).</param>
    /// <param name="eventFiles">Files with one CloudEvents JSON event or an array of them; <c>-</c> reads standard
    /// input.</param>
    public static async Task<int> RunAsync(
        string? configFile,
        IReadOnlyList<string> eventFiles,
        IReadOnlyList<string> urls,
        IDictionary environment,
        TextWriter output,
        TextWriter error,
        TextReader input
    )
    {
        var (node, problems) = NodeConfigurationReader.Read(configFile, environment, urls, machineChecks: false);
        var source = configFile ?? "the defaults and environment";
        if (problems.Count > 0)
        {
            await error.WriteLineAsync(
                $"{source}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; a node would refuse to start:"
            );
            foreach (var problem in problems)
                await error.WriteLineAsync(problem);
            return ExitCodes.Config;
        }

        var rules = node.Settings.Rules;
        var implicitOnly = rules.Rules is [{ Name: RuleSet.ImplicitRuleName }];
        await output.WriteLineAsync(
            $"{source}: OK; {(implicitOnly ? "no rules configured (the implicit rule alerts on every event at or above defaults.min-severity)" : $"{rules.Rules.Count} rule(s): {string.Join(", ", rules.Rules.Select(r => r.Name))}")}"
        );
        foreach (var mode in ProviderMode.Of(node.Settings))
            await output.WriteLineAsync($"  {mode.Provider}: {mode.Mode} ({mode.Reason})");

        foreach (var file in eventFiles)
        {
            var text =
                file == "-" ? await input.ReadToEndAsync()
                : File.Exists(file) ? await File.ReadAllTextAsync(file)
                : null;
            if (text is null)
            {
                await error.WriteLineAsync($"{file}: no such file");
                return ExitCodes.Usage;
            }
            var parsed = InfraEventParser.ParseBatch(Encoding.UTF8.GetBytes(text), DateTimeOffset.UtcNow);
            if (!parsed.IsValid)
            {
                await error.WriteLineAsync($"{file}: not a valid event: {string.Join("; ", parsed.Problems)}");
                return ExitCodes.Usage;
            }
            foreach (var evt in parsed.Events)
                await WriteEvaluationAsync(output, evt, rules.Evaluate(evt));
        }
        return ExitCodes.Ok;
    }

    /// <summary>amtool's "routes test", for rules: each rule's verdict on one event.</summary>
    private static async Task WriteEvaluationAsync(TextWriter output, InfraEvent evt, RuleEvaluation evaluation)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync(
            $"event {evt.Id} (type {evt.Type}, severity {evt.Severity.ToName()}, action {evt.Action.ToString().ToLowerInvariant()}):"
        );
        foreach (var result in evaluation.Results)
        {
            if (result.Match is { } match)
                await output.WriteLineAsync(
                    $"  {result.Rule}: matches -> alert \"{match.DedupKey}\", summary \"{match.Occurrence.Summary}\", severity {match.Occurrence.Severity.ToName()}, providers {string.Join(", ", match.Occurrence.Providers)}"
                );
            else
                await output.WriteLineAsync($"  {result.Rule}: no match ({result.Reason})");
        }
        await output.WriteLineAsync(
            evaluation.Matches.Count == 0
                ? $"  => no alert: {(evaluation.RuleInactive ? "rule inactive" : evaluation.BelowMinSeverity ? "below min-severity" : "no rule matched")}"
                : $"  => {evaluation.Matches.Count} alert(s)"
        );
    }
}
