using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AlertActors.Actors.Delivery;

namespace AlertActors.Actors.Alerts;

/// <summary>Marker for the <c>alert</c> shard region in the Akka.Hosting registry.</summary>
public sealed class AlertRegion;

public static class AlertEntityRegistration
{
    public const string TypeName = "alert";

    public static AkkaConfigurationBuilder AddAlertEntity(this AkkaConfigurationBuilder builder, AlertEntitySettings settings) =>
        builder.WithShardRegion<AlertRegion>(
            TypeName,
            (_, registry, _) => dedupKey => AlertEntity.Props(dedupKey, registry.Get<NotificationDispatcher>(), settings),
            new AlertMessageExtractor(),
            new ShardOptions
            {
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = false,
            });
}
