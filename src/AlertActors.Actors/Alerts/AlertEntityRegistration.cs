using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using AlertActors.Actors.Delivery;
using AlertActors.Actors.Inhibition;
using AlertActors.Configuration;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Silences;
using AlertActors.Domain.TimeIntervals;

namespace AlertActors.Actors.Alerts;

/// <summary>Marker for the <c>alert</c> shard region in the Akka.Hosting registry.</summary>
public sealed class AlertRegion;

public static class AlertEntityRegistration
{
    public const string TypeName = "alert";

    /// <param name="routes">Where providers route a trigger now (<see cref="IRoutingTargets"/>); null routes every call
    /// when it is sent.</param>
    /// <param name="inhibition">The node's inhibit rules and firing sources (null: no inhibition).</param>
    /// <param name="mutes">The routes' mute time intervals (null: nothing is muted).</param>
    public static AkkaConfigurationBuilder AddAlertEntity(
        this AkkaConfigurationBuilder builder,
        AlertEntitySettings settings,
        ISilenceLookup silences,
        IRoutingTargets? routes = null,
        InhibitionCache? inhibition = null,
        ITimeMutes? mutes = null
    )
    {
        var legacySnapshots = new LegacySnapshots();
        return builder.WithShardRegion<AlertRegion>(
            TypeName,
            (_, registry, _) =>
                dedupKey =>
                    AlertEntity.Props(
                        dedupKey,
                        registry.Get<NotificationDispatcher>(),
                        settings,
                        silences,
                        routes,
                        legacySnapshots,
                        inhibition,
                        mutes
                    ),
            new AlertMessageExtractor(),
            new ShardOptions
            {
                // Entities are not remembered: an alert is in memory only while it has live work, and the due-alert
                // scheduler wakes the others when a timer of theirs is due (so no row per new alert, and no mass
                // restart after a crash). The coordinator's state lives in distributed data, in memory.
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = false,
                HandOffStopMessage = AlertEntity.Stop.Instance,
            }
        );
    }
}
