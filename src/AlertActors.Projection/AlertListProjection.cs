using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Pattern;
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

    /// <summary>The projector's name under its supervisor (the singleton).</summary>
    public const string ProjectorName = "projector";

    /// <summary>First wait before a stopped projector is started again (doubling up to
    /// <see cref="MaxBackoff"/>).</summary>
    public static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two starts of a projector that keeps failing.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <paramref name="projector"/> under Akka's <see cref="BackoffSupervisor"/>: a projector that stops, above all one
    /// that fails to start (its read journal or database not answering yet, an
    /// <see cref="ActorInitializationException"/>, which Akka answers by stopping the actor), is started again after
    /// <see cref="MinBackoff"/>, doubling up to <see cref="MaxBackoff"/> (±20 %), instead of leaving the alert list
    /// stale until the node restarts. Messages to the supervisor go to the projector.
    /// </summary>
    public static Props Supervised(Props projector) =>
        BackoffSupervisor.Props(
            Backoff.OnStop(projector, ProjectorName, MinBackoff, MaxBackoff, randomFactor: 0.2, maxNrOfRetries: -1)
        );

    public static AkkaConfigurationBuilder AddAlertListProjection(
        this AkkaConfigurationBuilder builder,
        AlertReadStore store,
        AlertListProjectorSettings? settings = null
    ) =>
        builder.WithSingleton<AlertListProjectionSingleton>(
            SingletonName,
            (_, registry, _) => Supervised(AlertListProjector.Props(store, registry.Get<AlertRegion>(), settings)),
            new ClusterSingletonOptions(),
            createProxyToo: false
        );
}
