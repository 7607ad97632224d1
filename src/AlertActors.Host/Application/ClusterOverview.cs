using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Groups;
using AlertActors.Configuration;
using AlertActors.Host.Api;

namespace AlertActors.Host.Application;

/// <summary>
/// This node's view of the cluster (members, leader, unreachable members, how it forms) and, for each shard region
/// (<c>alert</c>, then <c>group</c>), the shard and entity counts of every node
/// (<see cref="GetClusterShardingStats"/>).
/// </summary>
public sealed class ClusterOverview(
    ActorSystem system,
    IRequiredActor<AlertRegion> alerts,
    IRequiredActor<GroupRegion> groups,
    AlertActorsSettings settings
)
{
    /// <summary>How long the shard regions of all nodes get to report their counts.</summary>
    public static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(5);

    public async Task<ClusterJson> ShowAsync(CancellationToken ct)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        // Age (Akka keeps the up-number internal): 1 = the oldest Up/Leaving member, 0 = not yet Up (the one hosting
        // cluster singletons), by Akka's age ordering.
        var byAge = state
            .Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving)
            .OrderBy(m => m, Member.AgeOrdering)
            .ToList();
        var members = state
            .Members.Concat(state.Unreachable.Where(u => !state.Members.Contains(u)))
            .OrderBy(m => m.Address, Member.AddressOrdering)
            .Select(m => new ClusterJson.MemberJson(
                m.Address.ToString(),
                m.Status.ToString().ToLowerInvariant(),
                [.. m.Roles.Order(StringComparer.Ordinal)],
                byAge.IndexOf(m) + 1,
                m.AppVersion.ToString(),
                !unreachable.Contains(m.Address),
                m.Address.Equals(state.Leader)
            ))
            .ToList();
        return new ClusterJson(
            cluster.SelfAddress.ToString(),
            state.Leader?.ToString(),
            members,
            [.. unreachable.Select(a => a.ToString()).Order(StringComparer.Ordinal)],
            // Both regions asked at once: each waits up to StatsTimeout while a member is unreachable.
            await Task.WhenAll(
                RegionStatsAsync(AlertEntityRegistration.TypeName, await alerts.GetAsync(ct), ct),
                RegionStatsAsync(GroupEntityRegistration.TypeName, await groups.GetAsync(ct), ct)
            ),
            settings.Cluster.Discovery.ToName()
        );
    }

    private static async Task<ClusterJson.ShardRegionJson> RegionStatsAsync(
        string typeName,
        IActorRef regionRef,
        CancellationToken ct
    )
    {
        try
        {
            var stats = await regionRef.Ask<ClusterShardingStats>(
                new GetClusterShardingStats(StatsTimeout),
                StatsTimeout + TimeSpan.FromSeconds(2),
                ct
            );
            var nodes = stats
                .Regions.Select(r => new ClusterJson.NodeShardsJson(
                    r.Key.ToString(),
                    r.Value.Stats.Count,
                    r.Value.Stats.Values.Sum()
                ))
                .OrderBy(n => n.Address, StringComparer.Ordinal)
                .ToList();
            var failed = stats.Regions.SelectMany(r => r.Value.Failed ?? []).Order(StringComparer.Ordinal).ToList();
            return new ClusterJson.ShardRegionJson(
                typeName,
                nodes.Sum(n => n.Shards),
                nodes.Sum(n => n.Entities),
                nodes,
                failed.Count == 0 ? null : failed,
                null
            );
        }
        catch (Exception ex)
            when (ex is AskTimeoutException or TimeoutException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new ClusterJson.ShardRegionJson(
                typeName,
                0,
                0,
                [],
                null,
                $"the shard regions did not report within {StatsTimeout.TotalSeconds:0} s"
            );
        }
    }
}
