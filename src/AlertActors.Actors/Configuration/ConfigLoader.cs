using System.Collections;
using System.Text;
using Akka.Configuration;

namespace AlertActors.Actors.Configuration;

/// <summary>
/// Builds the one HOCON configuration the node runs on: the defaults in hocon/, then the operator's
/// file (<c>--config</c> / ALERTACTORS_CONFIG), then environment variables (CONTRACT §1), each over the last.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Environment variable → HOCON key (CONTRACT §1).</summary>
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
        [HttpExposureCheck.OptInVariable] = HttpExposureCheck.OptInKey,
        ["CLUSTER_HOSTNAME"] = "alertactors.cluster.hostname",
        ["CLUSTER_PUBLIC_HOSTNAME"] = "alertactors.cluster.public-hostname",
        ["CLUSTER_PORT"] = "alertactors.cluster.port",
        ["CLUSTER_SEEDS"] = "alertactors.cluster.seeds",
    };

    private static readonly string[] BaseFiles = ["alertactors.conf", "akka.conf"];

    public static Config Load(string hoconDirectory, string? operatorFile, IDictionary environment)
    {
        var layers = new List<Config> { EnvironmentOverrides(environment) };
        if (operatorFile is { Length: > 0 }) layers.Add(ParseFile(operatorFile));
        layers.AddRange(BaseFiles.Select(file => ParseFile(Path.Combine(hoconDirectory, file))));
        var merged = Merge(layers);

        var settings = SettingsReader.Read(merged);
        var persistence = ParseFile(Path.Combine(hoconDirectory, $"persistence-{settings.Persistence.Provider}.conf"));
        return Merge([ConnectionStrings(settings.Persistence), merged, persistence]);
    }

    /// <summary>Each layer over the ones after it; empty layers are skipped.</summary>
    private static Config Merge(IEnumerable<Config> layers) =>
        layers.Where(c => !c.IsEmpty).Aggregate(Config.Empty, (top, next) => top.IsEmpty ? next : top.WithFallback(next));

    /// <summary>HOCON text for a quoted string value.</summary>
    public static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.Append('"').ToString();
    }

    private static Config ParseFile(string path)
    {
        if (!File.Exists(path)) throw new ConfigurationException($"configuration file {path} does not exist");
        try
        {
            return ConfigurationFactory.ParseString(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is not ConfigurationException)
        {
            throw new ConfigurationException($"configuration file {path} is not valid HOCON: {ex.Message}");
        }
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

    private static Config ConnectionStrings(PersistenceSettings persistence)
    {
        var quoted = Quote(persistence.ConnectionString);
        var provider = Quote(persistence.LinqToDbProviderName);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence.journal.sql { connection-string = {{quoted}}, provider-name = {{provider}} }
            akka.persistence.snapshot-store.sql { connection-string = {{quoted}}, provider-name = {{provider}} }
            akka.persistence.query.journal.sql { connection-string = {{quoted}}, provider-name = {{provider}} }
            """);
    }
}
