using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AlertActors.Actors.Delivery;
using AlertActors.Domain.Silences;

namespace AlertActors.Actors.Alerts;

/// <summary>Marker for the <c>alert</c> shard region in the Akka.Hosting registry.</summary>
public sealed class AlertRegion;

public static class AlertEntityRegistration
{
    public const string TypeName = "alert";

    public static AkkaConfigurationBuilder AddAlertEntity(this AkkaConfigurationBuilder builder, AlertEntitySettings settings, ISilenceLookup silences) =>
        builder.WithShardRegion<AlertRegion>(
            TypeName,
            (_, registry, _) => dedupKey => AlertEntity.Props(dedupKey, registry.Get<NotificationDispatcher>(), settings, silences),
            new AlertMessageExtractor(),
            new ShardOptions
            {
                // Open alerts own timers that must run after a crash or a shard move, so the shard
                // remembers its entities in the journal (the ddata/LMDB store does not work with the LightningDB build these packages bring)
                // and restarts them; idle alerts passivate themselves and leave the remembered set.
                StateStoreMode = StateStoreMode.Persistence,
                RememberEntities = true,
                RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
            });
}
