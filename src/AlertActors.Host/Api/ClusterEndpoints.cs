using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Configuration;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET /api/v1/cluster</c>: this node's view of the cluster (members, leader, unreachable members, how it forms: <c>discovery</c>) and, for the
/// <c>alert</c> shard region, the shard and entity counts of every node (<see cref="GetClusterShardingStats"/>).
/// <c>POST /api/v1/cluster/leave</c>, <c>/down</c> with <c>{"address":"akka.tcp://alertactors@host:port"}</c>:
/// <see cref="Cluster.Leave"/> (graceful, shards hand over) or <see cref="Cluster.Down"/> (for a node that is gone).
/// Leave without an address (no body, or no <c>address</c>) is this node itself (the one answering: a pre-stop hook's <c>alertctl cluster leave</c>).
/// </summary>
public static class ClusterEndpoints
{
    /// <summary>How long the shard regions of all nodes get to report their counts.</summary>
    public static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(5);

    public sealed record AddressRequest(string? Address);

    public sealed record MemberJson(string Address, string Status, IReadOnlyList<string> Roles, int Age, string AppVersion, bool Reachable, bool Leader);

    public sealed record NodeShardsJson(string Address, int Shards, int Entities);

    public sealed record ShardRegionJson(string TypeName, int Shards, int Entities, IReadOnlyList<NodeShardsJson> Nodes, IReadOnlyList<string>? Failed, string? Error);

    /// <param name="Discovery">How the cluster forms (<c>alertactors.cluster.discovery</c>): seeds, config or kubernetes (the last two through Akka.Management cluster bootstrap).</param>
    public sealed record ClusterJson(string SelfAddress, string? Leader, IReadOnlyList<MemberJson> Members, IReadOnlyList<string> Unreachable, IReadOnlyList<ShardRegionJson> ShardRegions,
        string Discovery);

    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/cluster", Show);
        app.MapPost("/api/v1/cluster/leave", (AddressRequest? body, ActorSystem system) => Act(body, system, "leave"));
        app.MapPost("/api/v1/cluster/down", (AddressRequest? body, ActorSystem system) => Act(body, system, "down"));
        return app;
    }

    private static async Task<IResult> Show(ActorSystem system, IRequiredActor<AlertRegion> region, AlertActorsSettings settings, CancellationToken ct)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        // Age (Akka keeps the up-number internal): 1 = the oldest Up/Leaving member, 0 = not yet Up (the one hosting cluster singletons), by Akka's age ordering.
        var byAge = state.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving).OrderBy(m => m, Member.AgeOrdering).ToList();
        var members = state.Members
            .Concat(state.Unreachable.Where(u => !state.Members.Contains(u)))
            .OrderBy(m => m.Address, Member.AddressOrdering)
            .Select(m => new MemberJson(
                m.Address.ToString(),
                m.Status.ToString().ToLowerInvariant(),
                [.. m.Roles.Order(StringComparer.Ordinal)],
                byAge.IndexOf(m) + 1,
                m.AppVersion.ToString(),
                !unreachable.Contains(m.Address),
                m.Address.Equals(state.Leader)))
            .ToList();
        return Results.Json(new ClusterJson(
            cluster.SelfAddress.ToString(),
            state.Leader?.ToString(),
            members,
            [.. unreachable.Select(a => a.ToString()).Order(StringComparer.Ordinal)],
            [await AlertRegionStats(region, ct)],
            settings.Cluster.Discovery.ToName()), ApiJson.Options);
    }

    private static async Task<ShardRegionJson> AlertRegionStats(IRequiredActor<AlertRegion> region, CancellationToken ct)
    {
        try
        {
            var regionRef = await region.GetAsync(ct);
            var stats = await regionRef.Ask<ClusterShardingStats>(new GetClusterShardingStats(StatsTimeout), StatsTimeout + TimeSpan.FromSeconds(2), ct);
            var nodes = stats.Regions
                .Select(r => new NodeShardsJson(r.Key.ToString(), r.Value.Stats.Count, r.Value.Stats.Values.Sum()))
                .OrderBy(n => n.Address, StringComparer.Ordinal)
                .ToList();
            var failed = stats.Regions.SelectMany(r => r.Value.Failed ?? []).Order(StringComparer.Ordinal).ToList();
            return new ShardRegionJson(AlertEntityRegistration.TypeName, nodes.Sum(n => n.Shards), nodes.Sum(n => n.Entities), nodes,
                failed.Count == 0 ? null : failed, null);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TimeoutException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new ShardRegionJson(AlertEntityRegistration.TypeName, 0, 0, [], null,
                $"the shard regions did not report within {StatsTimeout.TotalSeconds:0} s");
        }
    }

    private static IResult Act(AddressRequest? body, ActorSystem system, string action)
    {
        var text = body?.Address?.Trim();
        if (string.IsNullOrEmpty(text) && action == "leave") text = Cluster.Get(system).SelfAddress.ToString();
        if (string.IsNullOrEmpty(text))
            return ApiJson.Error(StatusCodes.Status400BadRequest, "body must be {\"address\":\"akka.tcp://alertactors@host:port\"}");
        if (!Address.TryParse(text, out var address) || address is null || !address.HasGlobalScope)
            return ApiJson.Error(StatusCodes.Status400BadRequest, $"\"{text}\" is not a node address like akka.tcp://alertactors@host:port");
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        if (!state.Members.Concat(state.Unreachable).Any(m => m.Address.Equals(address)))
            return ApiJson.Error(StatusCodes.Status400BadRequest, $"{address} is not a member of this cluster (see GET /api/v1/cluster)");
        if (action == "leave") cluster.Leave(address);
        else cluster.Down(address);
        return Results.Json(new { address = address.ToString(), action }, ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }
}
