using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AlertActors.Actors.Delivery;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Silences;

namespace AlertActors.Actors.Alerts;

/// <summary>Marker for the <c>alert</c> shard region in the Akka.Hosting registry.</summary>
public sealed class AlertRegion;

public static class AlertEntityRegistration
{
    public const string TypeName = "alert";

    /// <param name="routes">Where providers route a trigger now (<see cref="IRoutingTargets"/>); null routes every call when it is sent.</param>
    public static AkkaConfigurationBuilder AddAlertEntity(this AkkaConfigurationBuilder builder, AlertEntitySettings settings, ISilenceLookup silences,
        IRoutingTargets? routes = null) =>
        builder.WithShardRegion<AlertRegion>(
            TypeName,
            (_, registry, _) => dedupKey => AlertEntity.Props(dedupKey, registry.Get<NotificationDispatcher>(), settings, silences, routes),
            new AlertMessageExtractor(),
            new ShardOptions
            {
                // Open alerts own timers that must run after a crash or a shard move, so the shard
                // remembers its entities in the journal (the ddata/LMDB store is broken here, DESIGN.md)
                // and restarts them; idle alerts passivate themselves and leave the remembered set.
                StateStoreMode = StateStoreMode.Persistence,
                RememberEntities = true,
                RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
            });
}
