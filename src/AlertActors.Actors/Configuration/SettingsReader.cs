using System.Collections.Immutable;
using Akka.Configuration;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Delivery;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Notifications;
using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;
using AlertActors.Notifications.Slack;
using AlertActors.Notifications.Webhook;

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

        var settings = new AlertActorsSettings(
            DataDir: dataDir,
            ApiToken: root.GetString("http.api-token", ""),
            Cluster: new ClusterSettings(
                root.GetString("cluster.hostname", "127.0.0.1"),
                root.GetInt("cluster.port", 4053),
                SplitList(root.GetString("cluster.seeds", "")),
                root.GetString("cluster.public-hostname", "").Trim()),
            Persistence: new PersistenceSettings(provider, connectionString),
            Kafka: new KafkaSettings(
                BootstrapServers: root.GetString("kafka.bootstrap-servers", "").Trim(),
                Topics: Topics(root),
                GroupId: NonEmpty(root, "kafka.group-id"),
                GroupProtocol: root.GetString("kafka.group-protocol", "consumer"),
                ClientProperties: StringMap(root, "kafka.client"))
            {
                MaxInFlightPerPartition = Positive(root, "kafka.max-in-flight-per-partition", 1000),
                MaxInFlight = Positive(root, "kafka.max-in-flight", 4000),
                CommitBatchSize = Positive(root, "kafka.commit-batch-size", 500),
                CommitInterval = root.GetTimeSpan("kafka.commit-interval", TimeSpan.FromSeconds(1)),
                IngestAttempts = Positive(root, "kafka.ingest-attempts", 3),
                DrainTimeout = root.GetTimeSpan("kafka.drain-timeout", TimeSpan.FromSeconds(10)),
            },
            PagerDuty: ProviderRoutingReader.WithRouting(new PagerDutyOptions
            {
                Endpoint = EndpointOf(root, "pagerduty.endpoint"),
                RoutingKey = root.GetString("pagerduty.routing-key", "").Trim(),
                WebhookSecret = root.GetString("pagerduty.webhook-secret", "").Trim(),
                AttemptTimeout = root.GetTimeSpan("pagerduty.attempt-timeout", TimeSpan.FromSeconds(10)),
            }, root),
            OpsGenie: ProviderRoutingReader.WithRouting(new OpsGenieOptions
            {
                Endpoint = EndpointOf(root, "opsgenie.endpoint"),
                ApiKey = root.GetString("opsgenie.api-key", "").Trim(),
                WebhookToken = root.GetString("opsgenie.webhook-token", "").Trim(),
                HeartbeatName = root.GetString("opsgenie.heartbeat.name", "").Trim(),
                HeartbeatInterval = PositiveDuration(root, "opsgenie.heartbeat.interval", TimeSpan.FromMinutes(1)),
                AttemptTimeout = root.GetTimeSpan("opsgenie.attempt-timeout", TimeSpan.FromSeconds(10)),
            }, root),
            Entity: new AlertEntitySettings
            {
                RetryBaseDelay = root.GetTimeSpan("delivery.retry-base-delay", TimeSpan.FromSeconds(1)),
                RetryMaxDelay = root.GetTimeSpan("delivery.retry-max-delay", TimeSpan.FromMinutes(5)),
                RetryBudget = root.GetTimeSpan("delivery.retry-budget", TimeSpan.FromHours(24)),
                SnapshotEvery = Positive(root, "entity.snapshot-every", 100),
                PassivateIdleAfter = root.GetTimeSpan("entity.passivate-idle-after", TimeSpan.FromSeconds(30)),
                SilenceCheckInterval = root.GetTimeSpan("entity.silence-check-interval", TimeSpan.FromSeconds(30)),
            },
            Rules: RuleReader.Read(root))
        {
            Webhook = new WebhookOptions
            {
                Url = SecretUrlOf(root, "webhook.url"),
                Headers = StringMap(root, "webhook.headers"),
                AttemptTimeout = root.GetTimeSpan("webhook.attempt-timeout", TimeSpan.FromSeconds(10)),
            },
            Slack = new SlackOptions
            {
                Url = SecretUrlOf(root, "slack.url"),
                AttemptTimeout = root.GetTimeSpan("slack.attempt-timeout", TimeSpan.FromSeconds(10)),
            },
            Delivery = ReadDelivery(root),
            Projection = new AlertActors.Actors.Projection.AlertListProjectorSettings
            {
                Scheduler = new AlertActors.Actors.Scheduling.DueAlertSchedulerSettings
                {
                    PollInterval = PositiveDuration(root, "scheduler.poll-interval", TimeSpan.FromSeconds(1)),
                    Lookahead = PositiveDuration(root, "scheduler.lookahead", TimeSpan.FromSeconds(10)),
                    RewakeAfter = PositiveDuration(root, "scheduler.rewake-after", TimeSpan.FromSeconds(30)),
                    DeliveryResumeAfter = PositiveDuration(root, "scheduler.delivery-resume-after", TimeSpan.FromSeconds(10)),
                },
            },
            AllowUnauthenticated = root.GetBoolean("http.allow-unauthenticated", false),
            FileInput = new AlertActors.Actors.Ingest.FileInputSettings(
                root.GetString("file-input.path", "").Trim(),
                root.GetTimeSpan("file-input.poll-interval", TimeSpan.FromMilliseconds(500))),
        };
        return settings with { Delivery = settings.Delivery with { Redactor = new SecretRedactor(ConfiguredSecrets.Of(root, settings)) } };
    }

    /// <summary>An optional http(s) URL that may carry a secret: empty = null, and an error never repeats it.</summary>
    private static Uri? SecretUrlOf(Config root, string key)
    {
        var text = root.GetString(key, "").Trim();
        if (text.Length == 0) return null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ConfigurationException($"alertactors.{key} is not an http(s) URL (value not shown: it may hold a secret)");
        return uri;
    }

    private static TimeSpan PositiveDuration(Config root, string key, TimeSpan fallback)
    {
        var value = root.GetTimeSpan(key, fallback);
        return value > TimeSpan.Zero ? value : throw new ConfigurationException($"alertactors.{key} must be longer than 0, got {value}");
    }

    /// <summary><c>kafka.topic</c> (KAFKA_TOPIC) first, then any further <c>kafka.topics</c>.</summary>
    private static IReadOnlyList<string> Topics(Config root)
    {
        var topics = new List<string> { NonEmpty(root, "kafka.topic") };
        if (root.HasPath("kafka.topics"))
            topics.AddRange(root.GetStringList("kafka.topics").Select(t => t.Trim()).Where(t => t.Length > 0));
        if (topics.Any(t => t.EndsWith(".dlq", StringComparison.Ordinal)))
            throw new ConfigurationException("alertactors.kafka.topics: a dead-letter topic (*.dlq) cannot be consumed as input");
        return topics.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The per-provider breaker and call guard (<c>delivery.*</c>) and the <c>&lt;provider&gt;.rate-limit-per-minute</c> keys.</summary>
    private static DeliverySettings ReadDelivery(Config root)
    {
        var rates = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var provider in new[] { ProviderNames.PagerDuty, ProviderNames.OpsGenie })
        {
            var key = $"{provider}.rate-limit-per-minute";
            var perMinute = root.GetInt(key, provider == ProviderNames.PagerDuty ? 120 : 0);
            rates[provider] = perMinute >= 0 ? perMinute : throw new ConfigurationException($"alertactors.{key} must be 0 (unlimited) or more, got {perMinute}");
        }
        return new DeliverySettings
        {
            BreakerMaxFailures = Positive(root, "delivery.breaker.max-failures", 5),
            BreakerResetTimeout = PositiveDuration(root, "delivery.breaker.reset-timeout", TimeSpan.FromSeconds(30)),
            CallTimeout = PositiveDuration(root, "delivery.call-timeout", TimeSpan.FromSeconds(30)),
            ClientMinBackoff = PositiveDuration(root, "delivery.client-restart.min-backoff", TimeSpan.FromSeconds(1)),
            ClientMaxBackoff = PositiveDuration(root, "delivery.client-restart.max-backoff", TimeSpan.FromSeconds(30)),
            RateLimitsPerMinute = rates,
        };
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
