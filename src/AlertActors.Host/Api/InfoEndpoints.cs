using Akka.Actor;
using Akka.Cluster;
using AlertActors.Configuration;
using AlertActors.Ingest;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlertActors.Host.Api;

/// <summary><c>GET /api/v1/info</c>: version, node address, Kafka (embedded or configured), persistence provider and
/// the providers' modes.</summary>
public static class InfoEndpoints
{
    /// <summary>The answer of <c>GET /api/v1/info</c>; snake_case on the wire.</summary>
    public sealed record InfoJson(
        string Name,
        string? Version,
        string Node,
        KafkaJson Kafka,
        PersistenceJson Persistence,
        Dictionary<string, ProviderModeJson> Providers
    );

    /// <summary>The Kafka cluster the node consumes from.</summary>
    public sealed record KafkaJson(
        string BootstrapServers,
        bool Embedded,
        string Topic,
        IReadOnlyList<string> Topics,
        string DeadLetterTopic,
        string GroupId
    );

    /// <summary>Where the journal is kept: <c>sqlite</c> or <c>postgresql</c>.</summary>
    public sealed record PersistenceJson(string Provider);

    /// <summary>A provider's mode (<see cref="ProviderMode"/>); <paramref name="Endpoint"/> for PagerDuty and
    /// OpsGenie.</summary>
    public sealed record ProviderModeJson(string Mode, bool DryRun, string Reason, string? Endpoint);

    /// <summary>Maps <c>/info</c> on the <c>/api/v1</c> group.</summary>
    public static RouteGroupBuilder MapInfoEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet(
                "/info",
                (ActorSystem system, AlertActorsSettings settings, KafkaEndpoint kafka) =>
                    TypedResults.Ok(
                        new InfoJson(
                            "alertactors",
                            typeof(InfoEndpoints).Assembly.GetName().Version?.ToString(3),
                            Cluster.Get(system).SelfAddress.ToString(),
                            new KafkaJson(
                                kafka.BootstrapServers,
                                kafka.Embedded,
                                settings.Kafka.Topic,
                                settings.Kafka.Topics,
                                settings.Kafka.DeadLetterTopic,
                                settings.Kafka.GroupId
                            ),
                            new PersistenceJson(settings.Persistence.Provider),
                            ProviderModesJson(settings)
                        )
                    )
            )
            .WithTags("node");
        return api;
    }

    /// <summary>
    /// Per provider: <c>{"mode":"delivering|dry-run|partial","dry_run":bool,"reason":"...","endpoint"}</c>
    /// (<see cref="ProviderMode"/>), with the endpoint for PagerDuty and OpsGenie. Also shown by <c>/readyz</c>.
    /// </summary>
    public static Dictionary<string, ProviderModeJson> ProviderModesJson(AlertActorsSettings settings) =>
        ProviderMode
            .Of(settings)
            .ToDictionary(
                mode => mode.Provider,
                mode => new ProviderModeJson(
                    mode.Mode,
                    mode.IsDryRun,
                    mode.Reason,
                    mode.Provider switch
                    {
                        Domain.Notifications.ProviderNames.PagerDuty => settings.PagerDuty.Endpoint.ToString(),
                        Domain.Notifications.ProviderNames.OpsGenie => settings.OpsGenie.Endpoint.ToString(),
                        _ => null,
                    }
                )
            );
}
