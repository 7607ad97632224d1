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
            providers = new
            {
                pagerduty = new { endpoint = settings.PagerDuty.Endpoint.ToString(), dry_run = settings.PagerDuty.RoutingKey.Length == 0 },
                opsgenie = new { endpoint = settings.OpsGenie.Endpoint.ToString(), dry_run = settings.OpsGenie.ApiKey.Length == 0 },
            },
        }, ApiJson.Options));
        return app;
    }
}
