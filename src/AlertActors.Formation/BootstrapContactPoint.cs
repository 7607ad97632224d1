using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Newtonsoft.Json;

namespace AlertActors.Formation;

/// <summary>
/// What a node's cluster bootstrap contact point answers to <c>GET /bootstrap/seed-nodes</c>, the probe other nodes'
/// bootstrap sends. Akka.Management 1.5.73 serves this route from its own HTTP server (Akka.Http.Shim on Ceen.Httpd
/// 0.9.9), which cannot start with Ceen.Httpd 0.9.10, the only version served here
/// (<c>HttpServer.ListenAsync(IPEndPoint, ...)</c> became <c>ListenAsync(EndPoint, ...)</c>: MissingMethodException).
/// The host serves the route on the management port instead; the answer is Akka.Management's own
/// <see cref="HttpBootstrapJsonProtocol.SeedNodes"/>, serialized as its prober reads it (Newtonsoft.Json defaults).
/// </summary>
public static class BootstrapContactPoint
{
    public const string SeedNodesPath = "/bootstrap/seed-nodes";

    /// <summary>Akka.Management's <c>contact-point.max-seed-nodes-to-expose</c> default.</summary>
    public const int MaxSeedNodes = 5;

    /// <summary>
    /// This node's address, and the reachable members that are Joining, Up or WeaklyUp (at most
    /// <see cref="MaxSeedNodes"/>): the seed nodes a probing node may join. None while this node is not in a cluster
    /// yet (or is leaving it), so the prober keeps looking or, if it has the lowest address among the contact points,
    /// forms the cluster.
    /// </summary>
    public static string SeedNodesJson(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var self = cluster.SelfMember;
        var members = ImmutableList<HttpBootstrapJsonProtocol.ClusterMember>.Empty;
        if (self.Status is MemberStatus.Joining or MemberStatus.Up or MemberStatus.WeaklyUp)
        {
            var state = cluster.State;
            members = state
                .Members.Where(m =>
                    !state.Unreachable.Contains(m)
                    && m.Status is MemberStatus.Joining or MemberStatus.Up or MemberStatus.WeaklyUp
                )
                .OrderBy(_ => Random.Shared.Next())
                .Take(MaxSeedNodes)
                .Select(m => new HttpBootstrapJsonProtocol.ClusterMember(
                    m.UniqueAddress.Address,
                    m.UniqueAddress.Uid,
                    m.Status,
                    m.Roles
                ))
                .ToImmutableList();
        }
        return JsonConvert.SerializeObject(
            new HttpBootstrapJsonProtocol.SeedNodes(self.UniqueAddress.Address, members)
        );
    }
}
