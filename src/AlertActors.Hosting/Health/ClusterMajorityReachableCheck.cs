using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlertActors.Hosting.Health;

/// <summary>
/// Ready while this node reaches more than half of the Up and Leaving members (itself included): the side of a
/// partition that the split-brain resolver's keep-majority keeps. A node cut off from the majority turns unready (its
/// requests to alerts on the other side would time out, and it is about to be downed); when the partition heals before
/// that, the members become reachable again and so does the node. A single crashed node of three leaves the other two
/// ready.
/// </summary>
public sealed class ClusterMajorityReachableCheck : IAkkaHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        AkkaHealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        var state = Akka.Cluster.Cluster.Get(context.ActorSystem).State;
        var unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        var counted = state.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).ToList();
        var reachable = counted.Count(m => !unreachable.Contains(m.UniqueAddress));
        if (counted.Count == 0)
            return Task.FromResult(
                new HealthCheckResult(
                    context.Registration.FailureStatus,
                    "no Up member in this node's view yet (the cluster is not formed)"
                )
            );
        return Task.FromResult(
            reachable * 2 > counted.Count
                ? HealthCheckResult.Healthy($"{reachable} of {counted.Count} members reachable")
                : new HealthCheckResult(
                    context.Registration.FailureStatus,
                    $"only {reachable} of {counted.Count} members reachable (a majority is needed)"
                )
        );
    }
}
