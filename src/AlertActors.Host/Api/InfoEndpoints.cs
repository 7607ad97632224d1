using Akka.Actor;
using Akka.Cluster;
using AlertActors.Actors.Configuration;
using AlertActors.Actors.Ingest;

namespace AlertActors.Host.Api;

public static class InfoEndpoints
{
    public static IEndpointRouteBuilder MapInfoEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/info", (ActorSystem system, AlertActorsSettings settings, KafkaEndpoint kafka) => Results.Json(new
        {
            name = "alertactors",
            version = typeof(InfoEndpoints).Assembly.GetName().Version?.ToString(3),
            node = Cluster.Get(system).SelfAddress.ToString(),
            kafka = new
            {
                bootstrap_servers = kafka.BootstrapServers,
                embedded = kafka.Embedded,
                topic = settings.Kafka.Topic,
                topics = settings.Kafka.Topics,
                dead_letter_topic = settings.Kafka.DeadLetterTopic,
                group_id = settings.Kafka.GroupId,
            },
            persistence = new { provider = settings.Persistence.Provider },
            providers = ProviderModesJson(settings),
        }, ApiJson.Options));
        return app;
    }

    /// <summary>
    /// Per provider: <c>{"mode":"delivering|dry-run|partial","dry_run":bool,"reason":"..."}</c> (<see cref="ProviderMode"/>), plus the
    /// endpoint for PagerDuty and OpsGenie. Also shown by <c>/readyz</c>.
    /// </summary>
    public static Dictionary<string, object> ProviderModesJson(AlertActorsSettings settings) => ProviderMode.Of(settings).ToDictionary(
        mode => mode.Provider,
        mode => (object)new
        {
            mode = mode.Mode,
            dry_run = mode.IsDryRun,
            reason = mode.Reason,
            endpoint = mode.Provider switch
            {
                Domain.Notifications.ProviderNames.PagerDuty => settings.PagerDuty.Endpoint.ToString(),
                Domain.Notifications.ProviderNames.OpsGenie => settings.OpsGenie.Endpoint.ToString(),
                _ => null,
            },
        });
}
