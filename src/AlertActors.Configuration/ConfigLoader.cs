using System.Collections;
using System.Collections.Immutable;
using System.Text;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace AlertActors.Configuration;

/// <summary>
/// Builds the one HOCON configuration the node runs on: the defaults in hocon/, then the operator's
/// file (<c>--config</c> / ALERTACTORS_CONFIG), then environment variables, each over the last. The plugins and
/// bindings registered through Akka.Hosting (persistence, serializer, cluster formation) are not in it:
/// <see cref="Hosting.AlertActorsAkka.AddAlertActors"/>.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Environment variable → the HOCON key it sets (README "Configuration").</summary>
    public static readonly IReadOnlyDictionary<string, string> EnvironmentKeys = new Dictionary<string, string>
    {
        ["PAGERDUTY_ENDPOINT"] = "alertactors.pagerduty.endpoint",
        ["PAGERDUTY_ROUTING_KEY"] = "alertactors.pagerduty.routing-key",
        ["OPSGENIE_ENDPOINT"] = "alertactors.opsgenie.endpoint",
        ["OPSGENIE_API_KEY"] = "alertactors.opsgenie.api-key",
        ["PAGERDUTY_WEBHOOK_SECRET"] = "alertactors.pagerduty.webhook-secret",
        ["OPSGENIE_WEBHOOK_TOKEN"] = "alertactors.opsgenie.webhook-token",
        ["ALERTACTORS_WEBHOOK_URL"] = "alertactors.webhook.url",
        ["SLACK_WEBHOOK_URL"] = "alertactors.slack.url",
        ["KAFKA_BOOTSTRAP_SERVERS"] = "alertactors.kafka.bootstrap-servers",
        ["KAFKA_TOPIC"] = "alertactors.kafka.topic",
        ["ALERTACTORS_DB_PROVIDER"] = "alertactors.persistence.provider",
        ["ALERTACTORS_DB"] = "alertactors.persistence.connection-string",
        ["ALERTACTORS_DATA_DIR"] = "alertactors.data-dir",
        ["ALERTACTORS_API_TOKEN"] = "alertactors.http.api-token",
        ["ALERTACTORS_REMEDIATION_SECRET"] = "alertactors.remediation.secret",
        [HttpExposureCheck.OptInVariable] = HttpExposureCheck.OptInKey,
        ["CLUSTER_HOSTNAME"] = "alertactors.cluster.hostname",
        ["CLUSTER_PUBLIC_HOSTNAME"] = "alertactors.cluster.public-hostname",
        ["CLUSTER_PORT"] = "alertactors.cluster.port",
        ["CLUSTER_SEEDS"] = "alertactors.cluster.seeds",
        ["CLUSTER_DISCOVERY"] = "alertactors.cluster.discovery",
        ["CLUSTER_MANAGEMENT_PORT"] = "alertactors.cluster.management.port",
        ["CLUSTER_BOOTSTRAP_ENDPOINTS"] = "alertactors.cluster.bootstrap.endpoints",
    };

    private static readonly string[] BaseFiles = ["alertactors.conf", "akka.conf"];

    /// <summary>The merged configuration, or <see cref="ConfigurationProblemsException"/> listing every
    /// problem.</summary>
    public static Config Load(string hoconDirectory, string? operatorFile, IDictionary environment)
    {
        var problems = new ConfigProblems();
        var (config, _) = Read(hoconDirectory, operatorFile, environment, problems);
        problems.ThrowIfAny();
        return config;
    }

    /// <summary>
    /// The merged configuration and its settings, with every problem recorded: files that do not exist or do not parse
    /// (with line and column), keys under <c>alertactors</c> the node does not know, and values it cannot use. A
    /// problem about a key that an environment variable set names that variable
    /// (<see cref="NameEnvironmentVariables"/>).
    /// </summary>
    public static (Config Config, AlertActorsSettings Settings) Read(
        string hoconDirectory,
        string? operatorFile,
        IDictionary environment,
        ConfigProblems problems
    )
    {
        var defaults = Merge(BaseFiles.Select(file => ParseFile(Path.Combine(hoconDirectory, file), problems)));
        var layers = new List<Config> { EnvironmentOverrides(environment) };
        if (operatorFile is { Length: > 0 })
            layers.Add(ParseFile(operatorFile, problems));
        layers.Add(defaults);
        var merged = Merge(layers);

        UnknownKeys.Check(merged, defaults, problems);
        var settings = SettingsReader.Read(merged, problems);
        var persistence = ParseFile(
            Path.Combine(hoconDirectory, $"persistence-{settings.Persistence.Provider}.conf"),
            problems
        );
        NameEnvironmentVariables(problems, environment);
        return (Merge([merged, persistence]), settings);
    }

    /// <summary>
    /// Rewrites each problem about a key that an environment variable set so that it starts with the variable:
    /// <c>CLUSTER_PORT (alertactors.cluster.port): "abc" is not a port number ...</c>. Call again after further checks.
    /// </summary>
    public static void NameEnvironmentVariables(ConfigProblems problems, IDictionary environment)
    {
        var set = EnvironmentKeys.Where(kv => environment[kv.Key] is string { Length: > 0 }).ToList();
        problems.Rewrite(problem =>
        {
            foreach (var (variable, key) in set)
                if (
                    problem.StartsWith(key + ":", StringComparison.Ordinal)
                    || problem.StartsWith(key + " ", StringComparison.Ordinal)
                )
                    return $"{variable} ({key}){problem[key.Length..]}";
            return problem;
        });
    }

    /// <summary>Each layer over the ones after it; empty layers are skipped.</summary>
    private static Config Merge(IEnumerable<Config> layers) =>
        layers
            .Where(c => !c.IsEmpty)
            .Aggregate(Config.Empty, (top, next) => top.IsEmpty ? next : top.WithFallback(next));

    /// <summary>HOCON text for a quoted string value.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>The file's configuration; a file that is missing or does not parse is recorded and reads as
    /// empty.</summary>
    private static Config ParseFile(string path, ConfigProblems problems)
    {
        if (ReadChecked(path, problems) is not { } text)
            return Config.Empty;
        try
        {
            return ConfigurationFactory.ParseString(text, Includes(path, problems, [Path.GetFullPath(path)]));
        }
        catch (Exception ex)
        {
            problems.Add(HoconSyntax.Describe(ex.Message, text, path));
            return Config.Empty;
        }
    }

    /// <summary>
    /// Resolves HOCON's <c>include "file.conf"</c> in <paramref name="includingFile"/>: relative to that file's
    /// directory, each included file syntax-checked as the operator's file is. A missing or unparsable file, or one
    /// that includes itself (<paramref name="chain"/>: the files being read, outermost first), is recorded and reads as
    /// empty.
    /// </summary>
    private static Func<string, HoconRoot> Includes(
        string includingFile,
        ConfigProblems problems,
        ImmutableList<string> chain
    ) =>
        included =>
        {
            var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(includingFile) ?? ".", included));
            if (chain.Contains(path))
            {
                problems.Add($"{includingFile}: include \"{included}\" includes itself (through {chain[^1]})");
                return NothingIncluded();
            }
            if (!File.Exists(path))
            {
                problems.Add($"{includingFile}: the included file \"{included}\" ({path}) does not exist");
                return NothingIncluded();
            }
            if (ReadChecked(path, problems) is not { } text)
                return NothingIncluded();
            try
            {
                return Parser.Parse(text, Includes(path, problems, chain.Add(path)));
            }
            catch (Exception ex)
            {
                problems.Add(HoconSyntax.Describe(ex.Message, text, path));
                return NothingIncluded();
            }
        };

    private static HoconRoot NothingIncluded() => Parser.Parse("", null);

    /// <summary>The text of <paramref name="path"/> if it can be read and passes <see cref="HoconSyntax.Check"/>;
    /// otherwise null, with the problems recorded.</summary>
    private static string? ReadChecked(string path, ConfigProblems problems)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add(
                File.Exists(path)
                    ? $"{path}: cannot be read: {ex.Message}"
                    : $"{path}: the configuration file does not exist"
            );
            return null;
        }
        var syntax = HoconSyntax.Check(text, path);
        if (syntax.Count == 0)
            return text;
        problems.AddRange(syntax);
        return null;
    }

    private static Config EnvironmentOverrides(IDictionary environment)
    {
        var text = new StringBuilder();
        foreach (var (variable, key) in EnvironmentKeys)
        {
            if (environment[variable] is string value && value.Length > 0)
                text.Append(key).Append(" = ").Append(Quote(value)).Append('\n');
        }
        return text.Length == 0 ? Config.Empty : ConfigurationFactory.ParseString(text.ToString());
    }
}
