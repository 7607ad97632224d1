using System.Collections;
using AlertActors.Configuration;
using AlertActors.Host.Api;

namespace AlertActors.Host.Startup;

/// <summary>
/// Reads and checks a node's configuration the same way for a start and for <c>check-config</c>: the HOCON layers
/// (defaults in hocon/ beside the binaries, the operator's file, environment variables), the settings, the API tokens,
/// then the <see cref="StartupChecks"/>. Every problem is collected; none stops the reading.
/// </summary>
public static class NodeConfigurationReader
{
    /// <summary>The shipped defaults, copied beside the binaries.</summary>
    public static string HoconDirectory => Path.Combine(AppContext.BaseDirectory, "hocon");

    /// <summary>The environment variable that names the operator's file when <c>--config</c> does not.</summary>
    public const string ConfigFileVariable = "ALERTACTORS_CONFIG";

    /// <param name="configFile">The operator's HOCON file, or null for the defaults and environment alone.</param>
    /// <param name="machineChecks">Whether to run <see cref="StartupChecks.Machine"/> too (a start; not
    /// <c>check-config</c>).</param>
    /// <returns>The configuration (with defaults standing in for wrong values) and every problem, one line each; start
    /// only when there is none.</returns>
    public static (NodeConfiguration Node, IReadOnlyList<string> Problems) Read(
        string? configFile,
        IDictionary environment,
        IReadOnlyList<string> urls,
        bool machineChecks
    )
    {
        var problems = new ConfigProblems();
        var (config, settings) = ConfigLoader.Read(HoconDirectory, configFile, environment, problems);
        var tokens = ApiTokens.Read(config, settings.ApiToken, problems);
        var node = new NodeConfiguration(config, settings, tokens, urls);
        foreach (var check in StartupChecks.Configuration)
            problems.AddRange(check(node));
        if (machineChecks && problems.Count == 0)
            foreach (var check in StartupChecks.Machine)
                problems.AddRange(check(node));
        ConfigLoader.NameEnvironmentVariables(problems, environment);
        return (node, problems.Items);
    }

    /// <summary>The operator's file: <paramref name="option"/> (<c>--config</c>), else
    /// <c>ALERTACTORS_CONFIG</c>.</summary>
    public static string? ConfigFileOf(string? option, IDictionary environment) =>
        option is { Length: > 0 } ? option
        : environment[ConfigFileVariable] as string is { Length: > 0 } variable ? variable
        : null;
}
