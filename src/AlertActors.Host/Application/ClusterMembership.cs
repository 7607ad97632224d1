using Akka.Actor;
using Akka.Cluster;

namespace AlertActors.Host.Application;

/// <summary>
/// Removes a node from the cluster: <see cref="Cluster.Leave"/> (graceful, its shards hand over) or
/// <see cref="Cluster.Down"/> (for a node that is gone). Leave without an address is this node itself (a pre-stop
/// hook's <c>alertctl cluster leave</c>).
/// </summary>
public sealed class ClusterMembership(ActorSystem system)
{
    /// <summary>Leave or down.</summary>
    public enum MembershipChange
    {
        Leave,
        Down,
    }

    /// <summary>The address acted on (<c>akka.tcp://alertactors@host:port</c>), or why nothing was done.</summary>
    public sealed record Outcome(string? Address, string? Refusal);

    /// <param name="address">A member's address; null or empty: this node (leave only).</param>
    public Outcome Apply(MembershipChange change, string? address)
    {
        var text = address?.Trim();
        var cluster = Cluster.Get(system);
        if (string.IsNullOrEmpty(text) && change == MembershipChange.Leave)
            text = cluster.SelfAddress.ToString();
        if (string.IsNullOrEmpty(text))
            return new(null, "body must be {\"address\":\"akka.tcp://alertactors@host:port\"}");
        if (!Address.TryParse(text, out var parsed) || parsed is null || !parsed.HasGlobalScope)
            return new(null, $"\"{text}\" is not a node address like akka.tcp://alertactors@host:port");
        var state = cluster.State;
        if (!state.Members.Concat(state.Unreachable).Any(m => m.Address.Equals(parsed)))
            return new(null, $"{parsed} is not a member of this cluster (see GET /api/v1/cluster)");
        if (change == MembershipChange.Leave)
            cluster.Leave(parsed);
        else
            cluster.Down(parsed);
        return new(parsed.ToString(), null);
    }
}
