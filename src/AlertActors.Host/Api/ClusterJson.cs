namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET /api/v1/cluster</c>: this node's view of the cluster; snake_case on the wire.
/// </summary>
/// <param name="Discovery">How the cluster forms (<c>alertactors.cluster.discovery</c>): seeds, config or kubernetes
/// (the last two through Akka.Management cluster bootstrap).</param>
public sealed record ClusterJson(
    string SelfAddress,
    string? Leader,
    IReadOnlyList<ClusterJson.MemberJson> Members,
    IReadOnlyList<string> Unreachable,
    IReadOnlyList<ClusterJson.ShardRegionJson> ShardRegions,
    string Discovery
)
{
    /// <param name="Age">1 = the oldest Up or Leaving member (the one hosting cluster singletons), 0 = not yet
    /// Up.</param>
    public sealed record MemberJson(
        string Address,
        string Status,
        IReadOnlyList<string> Roles,
        int Age,
        string AppVersion,
        bool Reachable,
        bool Leader
    );

    /// <summary>One node's share of a shard region.</summary>
    public sealed record NodeShardsJson(string Address, int Shards, int Entities);

    /// <param name="Failed">Shards that did not report; <paramref name="Error"/> when no region reported in
    /// time.</param>
    public sealed record ShardRegionJson(
        string TypeName,
        int Shards,
        int Entities,
        IReadOnlyList<NodeShardsJson> Nodes,
        IReadOnlyList<string>? Failed,
        string? Error
    );
}
