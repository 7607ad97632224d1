using System.Collections.Immutable;
using Akka.Configuration;
using AlertActors.Actors.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;
using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;

namespace AlertActors.Actors.Configuration;

/// <summary>Reads <see cref="AlertActorsSettings"/> from HOCON; every mistake names the key.</summary>
public static class SettingsReader
{
    public static AlertActorsSettings Read(Config config)
    {
        var root = config.GetConfig("alertactors") ?? throw new ConfigurationException("the alertactors { } section is missing");
        var dataDir = root.GetString("data-dir", "./data");
        var connectionString = root.GetString("persistence.connection-string", "");
        var provider = root.GetString("persistence.provider", PersistenceSettings.Sqlite).Trim().ToLowerInvariant();
        if (provider is not (PersistenceSettings.Sqlite or PersistenceSettings.PostgreSql))
            throw new ConfigurationException($"alertactors.persistence.provider: \"{provider}\" is not one of sqlite, postgresql");
        if (connectionString.Length == 0)
        {
            if (provider == PersistenceSettings.PostgreSql)
                throw new ConfigurationException("alertactors.persistence.connection-string (ALERTACTORS_DB) is required for postgresql");
            connectionString = $"Data Source={Path.Combine(dataDir, "alertactors.db")}";
        }

        return new AlertActorsSettings(
            DataDir: dataDir,
            ApiToken: root.GetString("http.api-token", ""),
            Cluster: new ClusterSettings(
                root.GetString("cluster.hostname", "127.0.0.1"),
                root.GetInt("cluster.port", 4053),
                SplitList(root.GetString("cluster.seeds", ""))),
            Persistence: new PersistenceSettings(provider, connectionString),
            Kafka: new KafkaSettings(
                BootstrapServers: root.GetString("kafka.bootstrap-servers", "").Trim(),
                Topic: NonEmpty(root, "kafka.topic"),
                GroupId: NonEmpty(root, "kafka.group-id"),
                GroupProtocol: root.GetString("kafka.group-protocol", "consumer"),
                ClientProperties: StringMap(root, "kafka.client")),
            PagerDuty: new PagerDutyOptions
            {
                Endpoint = EndpointOf(root, "pagerduty.endpoint"),
                RoutingKey = root.GetString("pagerduty.routing-key", "").Trim(),
                AttemptTimeout = root.GetTimeSpan("pagerduty.attempt-timeout", TimeSpan.FromSeconds(10)),
            },
            OpsGenie: new OpsGenieOptions
            {
                Endpoint = EndpointOf(root, "opsgenie.endpoint"),
                ApiKey = root.GetString("opsgenie.api-key", "").Trim(),
                AttemptTimeout = root.GetTimeSpan("opsgenie.attempt-timeout", TimeSpan.FromSeconds(10)),
            },
            Entity: new AlertEntitySettings
            {
                RetryBaseDelay = root.GetTimeSpan("delivery.retry-base-delay", TimeSpan.FromSeconds(1)),
                RetryMaxDelay = root.GetTimeSpan("delivery.retry-max-delay", TimeSpan.FromMinutes(5)),
                RetryBudget = root.GetTimeSpan("delivery.retry-budget", TimeSpan.FromHours(24)),
                SnapshotEvery = Positive(root, "entity.snapshot-every", 100),
                PassivateIdleAfter = root.GetTimeSpan("entity.passivate-idle-after", TimeSpan.FromMinutes(2)),
                SilenceCheckInterval = root.GetTimeSpan("entity.silence-check-interval", TimeSpan.FromSeconds(30)),
            },
            Rules: RuleReader.Read(root));
    }

    private static int Positive(Config root, string key, int fallback)
    {
        var value = root.GetInt(key, fallback);
        return value > 0 ? value : throw new ConfigurationException($"alertactors.{key} must be at least 1, got {value}");
    }

    private static string NonEmpty(Config root, string key)
    {
        var value = root.GetString(key, "").Trim();
        return value.Length > 0 ? value : throw new ConfigurationException($"alertactors.{key} must not be empty");
    }

    private static Uri EndpointOf(Config root, string key)
    {
        var text = root.GetString(key, "").Trim();
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ConfigurationException($"alertactors.{key}: \"{text}\" is not an http(s) URL");
        return uri;
    }

    private static IReadOnlyList<string> SplitList(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static IReadOnlyDictionary<string, string> StringMap(Config root, string key)
    {
        if (!root.HasPath(key)) return ImmutableDictionary<string, string>.Empty;
        return root.GetConfig(key).AsEnumerable()
            .ToImmutableDictionary(kv => kv.Key, kv => kv.Value.GetString());
    }
}
