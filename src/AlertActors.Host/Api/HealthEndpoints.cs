using AlertActors.Configuration;
using AlertActors.Hosting.Health;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlertActors.Host.Api;

/// <summary>
/// Kubernetes-style probes over the node's health checks (<see cref="HealthChecks"/>, registered through Akka.Hosting
/// and the host).
/// <c>GET /healthz</c> (liveness): <c>ok</c>, or 503 naming the failed check, when the actor system has terminated.
/// <c>GET /readyz</c> (readiness): 200 or 503 with <c>{"ready", "checks": {name: bool}, "failing": {name: why},
/// "providers"}</c>: ready when this node is an Up member that reaches a majority of the cluster, its alert shard
/// region is registered with the coordinator, the journal's database answers and its Kafka consumer holds partitions.
/// Each check is re-run on every request, so a node turns ready again by itself when a partition heals or the database
/// comes back. The providers' modes (delivering or dry-run) are shown but never make a node unready.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var probes = app.MapGroup("").WithTags("probes").AllowAnonymous();
        probes.MapGet("/healthz", Alive);
        probes.MapGet("/readyz", Ready);
        return app;
    }

    /// <summary>The readiness answer; snake_case on the wire.</summary>
    public sealed record ReadinessJson(
        bool Ready,
        Dictionary<string, bool> Checks,
        Dictionary<string, string> Failing,
        Dictionary<string, InfoEndpoints.ProviderModeJson> Providers
    );

    private static async Task<ContentHttpResult> Alive(HealthCheckService health, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(r => r.Tags.Contains(HealthChecks.Liveness), ct);
        return report.Status == HealthStatus.Healthy
            ? TypedResults.Text("ok\n")
            : TypedResults.Text(
                string.Concat(Failing(report).Select(f => $"{f.Key}: {f.Value}\n")),
                statusCode: StatusCodes.Status503ServiceUnavailable
            );
    }

    private static async Task<JsonHttpResult<ReadinessJson>> Ready(
        HealthCheckService health,
        AlertActorsSettings settings,
        CancellationToken ct
    )
    {
        var report = await health.CheckHealthAsync(r => r.Tags.Contains(HealthChecks.Readiness), ct);
        var names = HealthChecks.ReadinessOrder.Concat(report.Entries.Keys.Order(StringComparer.Ordinal)).Distinct();
        var checks = names.ToDictionary(
            name => name,
            name => report.Entries.TryGetValue(name, out var entry) && entry.Status == HealthStatus.Healthy
        );
        var ready = checks.Values.All(ok => ok);
        return TypedResults.Json(
            new ReadinessJson(ready, checks, Failing(report), InfoEndpoints.ProviderModesJson(settings)),
            ApiJson.Options,
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable
        );
    }

    private static Dictionary<string, string> Failing(HealthReport report) =>
        report
            .Entries.Where(e => e.Value.Status != HealthStatus.Healthy)
            .ToDictionary(
                e => e.Key,
                e => e.Value.Description ?? e.Value.Exception?.Message ?? e.Value.Status.ToString()
            );
}
