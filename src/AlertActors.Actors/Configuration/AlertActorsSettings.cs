using AlertActors.Actors.Alerts;
using AlertActors.Domain.Rules;
using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;

namespace AlertActors.Actors.Configuration;

/// <summary>The typed <c>alertactors { }</c> section (CONTRACT §1, §3).</summary>
public sealed record AlertActorsSettings(
    string DataDir,
    string ApiToken,
    ClusterSettings Cluster,
    PersistenceSettings Persistence,
    KafkaSettings Kafka,
    PagerDutyOptions PagerDuty,
    OpsGenieOptions OpsGenie,
    AlertEntitySettings Entity,
    RuleSet Rules)
{
    public override string ToString() =>
        $"AlertActorsSettings {{ DataDir = {DataDir}, ApiToken = {(ApiToken.Length > 0 ? "***" : "(none)")}, Persistence = {Persistence.Provider}, Kafka = {Kafka.BootstrapServers}, {PagerDuty}, {OpsGenie} }}";
}

public sealed record ClusterSettings(string Hostname, int Port, IReadOnlyList<string> Seeds)
{
    public const string SystemName = "alertactors";

    /// <summary>Seed addresses in Akka form; empty means "join myself" (a single-node cluster).</summary>
    public IReadOnlyList<string> SeedAddresses => Seeds.Select(s => $"akka.tcp://{SystemName}@{s}").ToList();
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
    string Topic,
    string GroupId,
    string GroupProtocol,
    IReadOnlyDictionary<string, string> ClientProperties)
{
    public bool Embedded => BootstrapServers.Length == 0;

    public string DeadLetterTopic => Topic + ".dlq";
}
