using System.Collections.Immutable;
using System.Globalization;
using Akka.Configuration;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Notifications;
using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;
using AlertActors.Notifications.Slack;
using AlertActors.Notifications.Webhook;

namespace AlertActors.Configuration;

/// <summary>
/// Reads <see cref="AlertActorsSettings"/> from the <c>alertactors { }</c> section. Every mistake is recorded with its
/// key (<c>alertactors.cluster.port: "abc" is not a whole number</c>) and reading goes on, so one pass finds them all;
/// a secret's value is never repeated.
/// </summary>
public static class SettingsReader
{
    /// <summary>The settings, or <see cref="ConfigurationProblemsException"/> listing every problem.</summary>
    public static AlertActorsSettings Read(Config config)
    {
        var problems = new ConfigProblems();
        var settings = Read(config, problems);
        problems.ThrowIfAny();
        return settings;
    }

    /// <summary>The settings with every problem recorded in <paramref name="problems"/>; where a value is wrong its
    /// default stands in.</summary>
    public static AlertActorsSettings Read(Config config, ConfigProblems problems)
    {
        var section = config.HasPath("alertactors") ? config.GetConfig("alertactors") : null;
        if (section is null)
            problems.Add("alertactors: the alertactors { } section is missing");
        var keys = new SettingKeys(section ?? ConfigurationFactory.Empty, problems);
        var root = section ?? ConfigurationFactory.Empty;
        var dataDir = keys.String("data-dir");
        if (dataDir.Length == 0)
            problems.Add("alertactors.data-dir: must not be empty (a directory such as ./data)");
        var provider = keys.String("persistence.provider").ToLowerInvariant();
        if (provider is not (PersistenceSettings.Sqlite or PersistenceSettings.PostgreSql))
        {
            problems.Add($"alertactors.persistence.provider: \"{provider}\" is not one of sqlite, postgresql");
            provider = PersistenceSettings.Sqlite;
        }
        var connectionString = keys.String("persistence.connection-string");
        if (connectionString.Length == 0)
        {
            if (provider == PersistenceSettings.PostgreSql)
                problems.Add(
                    "alertactors.persistence.connection-string: is required for postgresql (Host=...;Database=...;Username=...;Password=...)"
                );
            connectionString =
                $"Data Source={Path.Combine(dataDir.Length > 0 ? dataDir : ReferenceConfig.String("data-dir"), "alertactors.db")}";
        }

        var settings = new AlertActorsSettings(
            DataDir: dataDir,
            ApiToken: keys.String("http.api-token"),
            Cluster: ClusterReader.Read(keys, problems),
            Persistence: new PersistenceSettings(provider, connectionString),
            Kafka: new KafkaSettings(
                BootstrapServers: keys.String("kafka.bootstrap-servers"),
                Topics: Topics(keys, root, problems),
                GroupId: keys.NonEmpty("kafka.group-id"),
                GroupProtocol: keys.OneOf("kafka.group-protocol", ["consumer", "classic"]),
                ClientProperties: keys.StringMap("kafka.client")
            )
            {
                MaxInFlightPerPartition = keys.Positive("kafka.max-in-flight-per-partition"),
                MaxInFlight = keys.Positive("kafka.max-in-flight"),
                CommitBatchSize = keys.Positive("kafka.commit-batch-size"),
                CommitInterval = keys.PositiveDuration("kafka.commit-interval"),
                IngestAttempts = keys.Positive("kafka.ingest-attempts"),
                DrainTimeout = keys.PositiveDuration("kafka.drain-timeout"),
            },
            PagerDuty: problems.Try(
                () =>
                    ProviderRoutingReader.WithRouting(
                        new PagerDutyOptions
                        {
                            Endpoint = keys.Endpoint("pagerduty.endpoint"),
                            RoutingKey = keys.String("pagerduty.routing-key"),
                            WebhookSecret = keys.String("pagerduty.webhook-secret"),
                            AttemptTimeout = keys.PositiveDuration("pagerduty.attempt-timeout"),
                        },
                        root
                    ),
                DefaultPagerDuty()
            ),
            OpsGenie: problems.Try(
                () =>
                    ProviderRoutingReader.WithRouting(
                        new OpsGenieOptions
                        {
                            Endpoint = keys.Endpoint("opsgenie.endpoint"),
                            ApiKey = keys.String("opsgenie.api-key"),
                            WebhookToken = keys.String("opsgenie.webhook-token"),
                            HeartbeatName = keys.String("opsgenie.heartbeat.name"),
                            HeartbeatInterval = keys.PositiveDuration("opsgenie.heartbeat.interval"),
                            AttemptTimeout = keys.PositiveDuration("opsgenie.attempt-timeout"),
                        },
                        root
                    ),
                DefaultOpsGenie()
            ),
            Entity: new AlertEntitySettings
            {
                RetryBaseDelay = keys.PositiveDuration("delivery.retry-base-delay"),
                RetryMaxDelay = keys.PositiveDuration("delivery.retry-max-delay"),
                RetryBudget = keys.PositiveDuration("delivery.retry-budget"),
                SnapshotEvery = keys.Positive("entity.snapshot-every"),
                PassivateIdleAfter = keys.PositiveDuration("entity.passivate-idle-after"),
                SilenceCheckInterval = keys.PositiveDuration("entity.silence-check-interval"),
            },
            Rules: section is null ? new RuleSet([]) : RuleReader.Read(root, problems)
        )
        {
            Webhook = new WebhookOptions
            {
                Url = keys.SecretUrl("webhook.url"),
                Headers = keys.StringMap("webhook.headers"),
                AttemptTimeout = keys.PositiveDuration("webhook.attempt-timeout"),
            },
            Slack = new SlackOptions
            {
                Url = keys.SecretUrl("slack.url"),
                AttemptTimeout = keys.PositiveDuration("slack.attempt-timeout"),
            },
            Delivery = ReadDelivery(keys),
            Projection = new AlertListProjectorSettings
            {
                Scheduler = new DueAlertSchedulerSettings
                {
                    PollInterval = keys.PositiveDuration("scheduler.poll-interval"),
                    Lookahead = keys.PositiveDuration("scheduler.lookahead"),
                    RewakeAfter = keys.PositiveDuration("scheduler.rewake-after"),
                    DeliveryResumeAfter = keys.PositiveDuration("scheduler.delivery-resume-after"),
                    WakeAhead = keys.PositiveDuration("scheduler.wake-ahead"),
                },
            },
            AllowUnauthenticated = keys.Bool("http.allow-unauthenticated"),
            FileInput = new FileInputSettings(
                keys.String("file-input.path"),
                keys.PositiveDuration("file-input.poll-interval")
            ),
        };
        // Judged on valid cluster settings only: a seed that does not parse is its own problem already.
        var clusterValid = !problems.Items.Any(p => p.Contains("alertactors.cluster.", StringComparison.Ordinal));
        if (
            provider == PersistenceSettings.Sqlite
            && clusterValid
            && settings.Cluster.ExpectsOtherNodes
            && !keys.Bool("persistence.shared-file")
        )
            problems.Add(
                $"alertactors.persistence.provider: sqlite keeps this node's journal in a file of its own, but the node is set up to join others "
                    + $"(alertactors.cluster.discovery = {settings.Cluster.Discovery.ToName()}{(settings.Cluster.Seeds.Count > 0 ? ", seeds" : "")}): an alert that "
                    + "moved to another node would recover there without its history and page again. A cluster needs postgresql (ALERTACTORS_DB); "
                    + "if every node opens this same SQLite file (one host), set alertactors.persistence.shared-file = on"
            );
        return settings with
        {
            Projection = settings.Projection with
            {
                Scheduler = settings.Projection.Scheduler.FittedTo(settings.Entity.PassivateIdleAfter, problems),
            },
            Delivery = settings.Delivery with { Redactor = new SecretRedactor(ConfiguredSecrets.Of(root, settings)) },
            Inhibit = InhibitReader.Read(root, problems),
            Remediation = RemediationSettingsReader.Read(root, problems),
        };
    }

    /// <summary>PagerDuty on the shipped defaults, without routing: what stands in when the routing cannot be
    /// read.</summary>
    private static PagerDutyOptions DefaultPagerDuty() =>
        new()
        {
            Endpoint = new Uri(ReferenceConfig.String("pagerduty.endpoint")),
            AttemptTimeout = ReferenceConfig.Duration("pagerduty.attempt-timeout"),
        };

    /// <summary>OpsGenie on the shipped defaults, without routing: what stands in when the routing cannot be
    /// read.</summary>
    private static OpsGenieOptions DefaultOpsGenie() =>
        new()
        {
            Endpoint = new Uri(ReferenceConfig.String("opsgenie.endpoint")),
            AttemptTimeout = ReferenceConfig.Duration("opsgenie.attempt-timeout"),
            HeartbeatInterval = ReferenceConfig.Duration("opsgenie.heartbeat.interval"),
        };

    /// <summary><c>kafka.topic</c> (KAFKA_TOPIC) first, then any further <c>kafka.topics</c>.</summary>
    private static IReadOnlyList<string> Topics(SettingKeys keys, Config root, ConfigProblems problems)
    {
        var topics = new List<string> { keys.NonEmpty("kafka.topic") };
        if (root.HasPath("kafka.topics"))
            topics.AddRange(
                problems
                    .Try(() => root.GetStringList("kafka.topics"), [])
                    .Select(t => t.Trim())
                    .Where(t => t.Length > 0)
            );
        for (var i = 0; i < topics.Count; i++)
            if (topics[i].EndsWith(".dlq", StringComparison.Ordinal))
                problems.Add(
                    $"alertactors.kafka.{(i == 0 ? "topic" : "topics")}: \"{topics[i]}\" is a dead-letter topic (*.dlq) and cannot be consumed as input"
                );
        return topics.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The per-provider breaker and call guard (<c>delivery.*</c>) and the
    /// <c>&lt;provider&gt;.rate-limit-per-minute</c> keys.</summary>
    private static DeliverySettings ReadDelivery(SettingKeys keys)
    {
        var rates = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var provider in new[] { ProviderNames.PagerDuty, ProviderNames.OpsGenie })
            rates[provider] = keys.Int(
                $"{provider}.rate-limit-per-minute",
                0,
                int.MaxValue,
                "0 (unlimited) or a positive whole number of calls per minute"
            );
        return new DeliverySettings
        {
            BreakerMaxFailures = keys.Positive("delivery.breaker.max-failures"),
            BreakerResetTimeout = keys.PositiveDuration("delivery.breaker.reset-timeout"),
            CallTimeout = keys.PositiveDuration("delivery.call-timeout"),
            ClientMinBackoff = keys.PositiveDuration("delivery.client-restart.min-backoff"),
            ClientMaxBackoff = keys.PositiveDuration("delivery.client-restart.max-backoff"),
            RateLimitsPerMinute = rates,
        };
    }

    /// <summary>
    /// Typed reads of keys under <c>alertactors</c>: a missing key reads its default from
    /// <see cref="ReferenceConfig"/>, and a wrong value is recorded with its key while the default stands in.
    /// </summary>
    internal sealed class SettingKeys(Config root, ConfigProblems problems)
    {
        public string String(string key)
        {
            if (!root.HasPath(key))
                return ReferenceConfig.String(key);
            var value = root.GetValue(key);
            if (value.IsObject() || value.IsArray())
            {
                problems.Add(
                    $"alertactors.{key}: must be a single value, not {(value.IsArray() ? "a list" : "an object")}"
                );
                return ReferenceConfig.String(key);
            }
            return (value.GetString() ?? "").Trim();
        }

        /// <summary>A HOCON boolean: true/false, on/off, yes/no (any case).</summary>
        public bool Bool(string key)
        {
            var text = String(key);
            switch (text.ToLowerInvariant())
            {
                case "true" or "on" or "yes":
                    return true;
                case "false" or "off" or "no":
                    return false;
                default:
                    problems.Add($"alertactors.{key}: \"{text}\" is not a boolean (true/false, on/off, yes/no)");
                    return ReferenceConfig.Bool(key);
            }
        }

        public string NonEmpty(string key)
        {
            var value = String(key);
            if (value.Length > 0)
                return value;
            problems.Add($"alertactors.{key}: must not be empty");
            return ReferenceConfig.String(key);
        }

        public string OneOf(string key, string[] allowed)
        {
            var value = String(key);
            if (allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
                return value.ToLowerInvariant();
            problems.Add($"alertactors.{key}: \"{value}\" is not one of {string.Join(", ", allowed)}");
            return ReferenceConfig.String(key);
        }

        public int Int(string key, int min, int max, string expected)
        {
            var text = String(key);
            if (
                int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                && value >= min
                && value <= max
            )
                return value;
            problems.Add($"alertactors.{key}: \"{text}\" is not {expected}");
            return ReferenceConfig.Int(key);
        }

        public int Positive(string key) => Int(key, 1, int.MaxValue, "a whole number of at least 1");

        public TimeSpan PositiveDuration(string key)
        {
            var fallback = ReferenceConfig.Duration(key);
            if (!root.HasPath(key))
                return fallback;
            var text = String(key);
            TimeSpan value;
            try
            {
                value = root.GetTimeSpan(key, fallback, allowInfinite: false);
            }
            catch (Exception ex)
                when (ex is FormatException or OverflowException or ConfigurationException or ArgumentException)
            {
                problems.Add($"alertactors.{key}: \"{text}\" is not a duration such as 500ms, 30s, 5m, 4h or 1d");
                return fallback;
            }
            if (value > TimeSpan.Zero)
                return value;
            problems.Add($"alertactors.{key}: \"{text}\" must be longer than 0");
            return fallback;
        }

        public Uri Endpoint(string key)
        {
            var fallback = new Uri(ReferenceConfig.String(key));
            var text = String(key);
            if (
                Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri)
                && uri.Scheme is "http" or "https"
            )
                return uri;
            problems.Add($"alertactors.{key}: \"{text}\" is not an http(s) URL such as {fallback}");
            return fallback;
        }

        /// <summary>An optional http(s) URL that may carry a secret: empty = null, and a problem never repeats
        /// it.</summary>
        public Uri? SecretUrl(string key)
        {
            var text = String(key);
            if (text.Length == 0)
                return null;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                return uri;
            problems.Add($"alertactors.{key}: is not an http(s) URL (value not shown: it may hold a secret)");
            return null;
        }

        /// <summary>Comma-separated <c>host:port</c> addresses (seed nodes, bootstrap endpoints), each checked;
        /// <paramref name="what"/> names them in a problem.</summary>
        public IReadOnlyList<string> HostPorts(string key, string what, int examplePort)
        {
            var items = String(key).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var item in items)
            {
                var colon = item.LastIndexOf(':');
                var portText = colon < 0 ? "" : item[(colon + 1)..];
                if (
                    colon <= 0
                    || Uri.CheckHostName(item[..colon]) == UriHostNameType.Unknown
                    || !int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                    || port is < 1 or > 65535
                )
                    problems.Add(
                        $"alertactors.{key}: \"{item}\" is not host:port (e.g. 10.0.0.5:{examplePort} or alertactors-0.alertactors:{examplePort}); {what} are comma-separated"
                    );
            }
            return items;
        }

        public IReadOnlyDictionary<string, string> StringMap(string key)
        {
            if (!root.HasPath(key))
                return ImmutableDictionary<string, string>.Empty;
            if (!root.GetValue(key).IsObject())
            {
                problems.Add($"alertactors.{key}: must be an object {{ name = \"value\", ... }}");
                return ImmutableDictionary<string, string>.Empty;
            }
            var map = ImmutableDictionary.CreateBuilder<string, string>();
            foreach (var (name, value) in root.GetConfig(key).AsEnumerable())
            {
                if (value.IsObject() || value.IsArray())
                    problems.Add($"alertactors.{key}.{name}: must be a single value");
                else
                    map[name] = value.GetString() ?? "";
            }
            return map.ToImmutable();
        }
    }
}
