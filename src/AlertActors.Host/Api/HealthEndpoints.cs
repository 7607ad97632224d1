using Akka.Actor;
using Akka.Cluster;
using AlertActors.Actors.Configuration;
using AlertActors.Actors.Ingest;
using AlertActors.Actors.Projection;

namespace AlertActors.Host.Api;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", Ready);
        return app;
    }

    private static readonly TimeSpan JournalProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Ready when this node is an Up cluster member, the journal's database answers and its Kafka consumer holds partitions. The answer also
    /// shows each provider's mode (delivering or dry-run, and why), which does not make a node unready: a dry-run node works, it pages nobody.
    /// </summary>
    private static async Task<IResult> Ready(ActorSystem system, KafkaIngestService ingest, AlertReadStore store, AlertActorsSettings settings)
    {
        var memberUp = Cluster.Get(system).SelfMember.Status == MemberStatus.Up;
        var checks = new Dictionary<string, bool>
        {
            ["cluster_member_up"] = memberUp,
            ["journal_reachable"] = await store.IsReachableAsync(JournalProbeTimeout),
            ["kafka_partitions_assigned"] = ingest.Assigned,
        };
        var ready = checks.Values.All(ok => ok);
        return Results.Json(new { ready, checks, providers = InfoEndpoints.ProviderModesJson(settings) }, ApiJson.Options,
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
