using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlertActors.Hosting.Health;

/// <summary>The Akka health checks of a node (the journal's is registered with the persistence, Kafka's by the
/// host).</summary>
public static class NodeHealthChecks
{
    /// <summary>
    /// Liveness: Akka.Hosting's actor system check (the system has not terminated). Readiness: this node is an Up
    /// member (<see cref="ClusterMemberUpCheck"/>), reaches a majority (<see cref="ClusterMajorityReachableCheck"/>)
    /// and its
    /// <typeparamref name="TRegion"/> shard region is registered (<see cref="ShardRegionRegisteredCheck{TRegion}"/>).
    /// </summary>
    public static AkkaConfigurationBuilder AddNodeHealthChecks<TRegion>(this AkkaConfigurationBuilder builder) =>
        builder
            .WithHealthCheck(
                new AkkaHealthCheckRegistration(
                    HealthChecks.ActorSystem,
                    new Akka.Hosting.HealthChecks.ActorSystemLivenessCheck(),
                    HealthStatus.Unhealthy,
                    [HealthChecks.Liveness]
                )
            )
            .WithHealthCheck(Readiness(HealthChecks.ClusterMemberUp, new ClusterMemberUpCheck()))
            .WithHealthCheck(Readiness(HealthChecks.ClusterMajorityReachable, new ClusterMajorityReachableCheck()))
            .WithHealthCheck(Readiness(HealthChecks.ShardRegionRegistered, new ShardRegionRegisteredCheck<TRegion>()));

    /// <summary>A readiness registration: unhealthy on failure, <see cref="HealthChecks.CheckTimeout"/> at
    /// most.</summary>
    public static AkkaHealthCheckRegistration Readiness(string name, IAkkaHealthCheck check) =>
        new(name, check, HealthStatus.Unhealthy, [HealthChecks.Readiness], HealthChecks.CheckTimeout);
}
