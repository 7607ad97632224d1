using Akka.Cluster.Hosting;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Configuration;

namespace AlertActors.Projection;

/// <summary>Marker for the alert list projection singleton in the Akka.Hosting registry.</summary>
public sealed class AlertListProjectionSingleton;

/// <summary>
/// Registers the persisted alert list (<see cref="AlertReadStore"/>): one <see cref="AlertListProjector"/> (with its
/// due-alert scheduler) per cluster, as a cluster singleton, so a single writer owns <c>alert_list</c> and its offset.
/// Every node reads the table. Register after <see cref="AlertEntityRegistration.AddAlertEntity"/>: gaps are
/// healed by asking the alert shard region.
/// </summary>
public static class AlertListProjection
{
    public const string SingletonName = "alert-list-projection";

    public static AkkaConfigurationBuilder AddAlertListProjection(
        this AkkaConfigurationBuilder builder,
        AlertReadStore store,
        AlertListProjectorSettings? settings = null
    ) =>
        builder.WithSingleton<AlertListProjectionSingleton>(
            SingletonName,
            (_, registry, _) => AlertListProjector.Props(store, registry.Get<AlertRegion>(), settings),
            new ClusterSingletonOptions(),
            createProxyToo: false
        );
}
