using AlertActors.Domain.Inhibition;
using AlertActors.Domain.Rules;
using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;
using AlertActors.Notifications.Remediation;
using AlertActors.Notifications.Slack;
using AlertActors.Notifications.Webhook;

namespace AlertActors.Configuration;

/// <summary>The typed <c>alertactors { }</c> section (docs/configuration.md).</summary>
public sealed record AlertActorsSettings(
    string DataDir,
    string ApiToken,
    ClusterSettings Cluster,
    PersistenceSettings Persistence,
    KafkaSettings Kafka,
    PagerDutyOptions PagerDuty,
    OpsGenieOptions OpsGenie,
    AlertEntitySettings Entity,
    RuleSet Rules
)
{
    /// <summary><c>alertactors.file-input</c>: JSON lines from a file, for hosts without Kafka (off without a
    /// path).</summary>
    public FileInputSettings FileInput { get; init; } =
        new(ReferenceConfig.String("file-input.path"), ReferenceConfig.Duration("file-input.poll-interval"));

    /// <summary><c>alertactors.webhook</c>: the generic JSON webhook provider (dry-run without a url).</summary>
    public required WebhookOptions Webhook { get; init; }

    /// <summary><c>alertactors.slack</c>: the Slack incoming-webhook provider (dry-run without a url).</summary>
    public required SlackOptions Slack { get; init; }

    /// <summary><c>alertactors.scheduler</c>: the alert list projection's due-alert scheduler.</summary>
    public AlertListProjectorSettings Projection { get; init; } = new();

    /// <summary>
    /// <c>alertactors.http.allow-unauthenticated</c> (ALERTACTORS_ALLOW_UNAUTHENTICATED): accept an API without a token
    /// on a non-loopback address (<see cref="HttpExposureCheck"/>); off by default.
    /// </summary>
    public bool AllowUnauthenticated { get; init; }

    /// <summary><c>alertactors.delivery</c> breaker/call settings and the providers'
    /// <c>rate-limit-per-minute</c>.</summary>
    public DeliverySettings Delivery { get; init; } = DeliverySettings.Default;

    /// <summary><c>alertactors.inhibit</c>: while a source alert fires, matching target alerts with equal values on
    /// the <c>equal</c> fields are not notified (README "Inhibition"); none by default.</summary>
    public InhibitRules Inhibit { get; init; } = InhibitRules.None;

    /// <summary><c>alertactors.remediation</c>: the signing secret of remediation calls and the API's base URL
    /// (README "Remediation").</summary>
    public RemediationOptions Remediation { get; init; } = RemediationOptions.None;

    public override string ToString() =>
        $"AlertActorsSettings {{ DataDir = {DataDir}, ApiToken = {(ApiToken.Length > 0 ? "***" : "(none)")}, Persistence = {Persistence.Provider}, Kafka = {Kafka.BootstrapServers}, {PagerDuty}, {OpsGenie} }}";
}

/// <param name="Hostname">The address remoting binds to (<c>0.0.0.0</c> = every interface).</param>
/// <param name="PublicHostname">The address other nodes reach this one by, which is also its Akka address; empty =
/// <paramref name="Hostname"/>.</param>
public sealed record ClusterSettings(string Hostname, int Port, IReadOnlyList<string> Seeds, string PublicHostname = "")
{
    public const string SystemName = "alertactors";

    /// <summary>The hostname in this node's Akka address: <see cref="PublicHostname"/>, else
    /// <see cref="Hostname"/>.</summary>
    public string AdvertisedHostname => PublicHostname.Length > 0 ? PublicHostname : Hostname;

    /// <summary>Seed addresses in Akka form; empty means "join myself" (a single-node cluster) unless
    /// <see cref="Discovery"/> bootstraps.</summary>
    public IReadOnlyList<string> SeedAddresses => Seeds.Select(s => $"akka.tcp://{SystemName}@{s}").ToList();

    /// <summary><c>alertactors.cluster.discovery</c>: seeds (the default), config or kubernetes.</summary>
    public ClusterDiscovery Discovery { get; init; } = ClusterDiscovery.Seeds;

    /// <summary>Akka.Management and cluster bootstrap, used when <see cref="Discovery"/> is config or
    /// kubernetes.</summary>
    public required BootstrapSettings Bootstrap { get; init; }

    /// <summary>
    /// True when this node is set up to form a cluster with other nodes: it bootstraps through discovery, or a seed
    /// names another address than its own (<see cref="AdvertisedHostname"/>:<see cref="Port"/>). False for the
    /// single-node default (no seeds, or only itself).
    /// </summary>
    public bool ExpectsOtherNodes =>
        Discovery.UsesBootstrap()
        || Seeds.Any(seed => !string.Equals(seed, $"{AdvertisedHostname}:{Port}", StringComparison.OrdinalIgnoreCase));
}

public sealed record PersistenceSettings(string Provider, string ConnectionString)
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";

    public string LinqToDbProviderName => Provider == PostgreSql ? "PostgreSQL.15" : "SQLite.MS";

    public override string ToString() => $"PersistenceSettings {{ Provider = {Provider} }}";
}

public sealed record KafkaSettings(
    string BootstrapServers,
    IReadOnlyList<string> Topics,
    string GroupId,
    string GroupProtocol,
    IReadOnlyDictionary<string, string> ClientProperties
)
{
    /// <summary>Messages in flight per partition before it is paused.</summary>
    public int MaxInFlightPerPartition { get; init; } = ReferenceConfig.Int("kafka.max-in-flight-per-partition");

    /// <summary>Messages in flight per node before every partition is paused.</summary>
    public int MaxInFlight { get; init; } = ReferenceConfig.Int("kafka.max-in-flight");

    /// <summary>Stored offsets are committed after this many messages or this long, whichever comes first.</summary>
    public int CommitBatchSize { get; init; } = ReferenceConfig.Int("kafka.commit-batch-size");

    public TimeSpan CommitInterval { get; init; } = ReferenceConfig.Duration("kafka.commit-interval");

    /// <summary>Times an event is offered to its alerts before it goes to the dead-letter topic.</summary>
    public int IngestAttempts { get; init; } = ReferenceConfig.Int("kafka.ingest-attempts");

    /// <summary>How long in-flight messages may take to finish when partitions are revoked or the node stops.</summary>
    public TimeSpan DrainTimeout { get; init; } = ReferenceConfig.Duration("kafka.drain-timeout");

    public bool Embedded => BootstrapServers.Length == 0;

    /// <summary>The first topic (<c>kafka.topic</c>, KAFKA_TOPIC).</summary>
    public string Topic => Topics[0];

    public string DeadLetterTopic => DeadLetterTopicOf(Topic);

    public string DeadLetterTopicOf(string topic) => topic + ".dlq";
}
