using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlertActors.Hosting.Health;

/// <summary>
/// Ready while this node is an Up member. Unlike Akka.Cluster.Hosting's readiness check, which stays healthy once the
/// node has joined, this one turns unready as soon as the node is Leaving (a pre-stop hook's <c>alertctl cluster
/// leave</c>), so the Service stops sending it requests while its shards hand over.
/// </summary>
public sealed class ClusterMemberUpCheck : IAkkaHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(
        AkkaHealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        var cluster = Akka.Cluster.Cluster.Get(context.ActorSystem);
        var status = cluster.SelfMember.Status;
        if (status == MemberStatus.Up)
            return Task.FromResult(HealthCheckResult.Healthy("member Up"));
        // Before it has joined, a node sees no members at all (its own status then reads Removed).
        return Task.FromResult(
            new HealthCheckResult(
                context.Registration.FailureStatus,
                cluster.State.Members.IsEmpty
                    ? "not a cluster member yet (joining the seed nodes, or cluster bootstrap still looking for contact points)"
                    : $"member {status}, not Up"
            )
        );
    }
}
