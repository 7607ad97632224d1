using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Delivery;
using AlertActors.Configuration;

namespace AlertActors.Actors.Groups;

/// <summary>Marker for the <c>group</c> shard region in the Akka.Hosting registry.</summary>
public sealed class GroupRegion;

public static class GroupEntityRegistration
{
    public const string TypeName = "group";

    /// <summary>The <c>group</c> shard region (README "Grouping"); register after the notification
    /// dispatcher.</summary>
    public static AkkaConfigurationBuilder AddGroupEntity(
        this AkkaConfigurationBuilder builder,
        AlertEntitySettings settings
    ) =>
        builder.WithShardRegion<GroupRegion>(
            TypeName,
            (_, registry, _) =>
                groupKey =>
                    GroupEntity.Props(
                        groupKey,
                        registry.Get<NotificationDispatcher>(),
                        () => registry.TryGet<AlertRegion>(out var alerts) ? alerts : null,
                        settings
                    ),
            new GroupMessageExtractor(),
            new ShardOptions { StateStoreMode = StateStoreMode.DData, RememberEntities = false }
        );
}
