using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlertActors.Actors.Health;

/// <summary>
/// Ready while this node is an Up member. Unlike Akka.Cluster.Hosting's readiness check, which stays healthy once the node has joined,
/// this one turns unready as soon as the node is Leaving (a pre-stop hook's <c>alertctl cluster leave</c>), so the Service stops sending it
/// requests while its shards hand over.
/// </summary>
public sealed class ClusterMemberUpCheck : IAkkaHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(AkkaHealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = Akka.Cluster.Cluster.Get(context.ActorSystem).SelfMember.Status;
        return Task.FromResult(status == MemberStatus.Up
            ? HealthCheckResult.Healthy("member Up")
            : new HealthCheckResult(context.Registration.FailureStatus, $"member {status}, not Up"));
    }
}
