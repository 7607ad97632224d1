using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlertActors.Hosting.Health;

/// <summary>
/// Ready once the shard coordinator lists this node's region of <typeparamref name="TRegion"/>
/// (<see cref="GetCurrentRegions"/>): the region has registered and can be given shards. Before that, and while the
/// coordinator cannot be reached, alerts would wait in the region's buffer.
/// </summary>
/// <typeparam name="TRegion">The Akka.Hosting registry key of the shard region.</typeparam>
public sealed class ShardRegionRegisteredCheck<TRegion> : IAkkaHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        AkkaHealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        if (!context.ActorRegistry.TryGet<TRegion>(out var region))
            return new HealthCheckResult(context.Registration.FailureStatus, "shard region not started yet");
        var self = Akka.Cluster.Cluster.Get(context.ActorSystem).SelfAddress;
        try
        {
            var regions = await region.Ask<CurrentRegions>(
                GetCurrentRegions.Instance,
                HealthChecks.CheckTimeout,
                cancellationToken
            );
            return regions.Regions.Contains(self)
                ? HealthCheckResult.Healthy($"registered with the shard coordinator ({regions.Regions.Count} regions)")
                : new HealthCheckResult(
                    context.Registration.FailureStatus,
                    "not registered with the shard coordinator yet"
                );
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "the shard region did not answer");
        }
    }
}
