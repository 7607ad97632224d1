using Akka.Configuration;
using AlertActors.Actors.Delivery;
using AlertActors.Configuration;

namespace AlertActors.Hosting;

/// <summary>
/// How long a stopping node waits for its alerts to hand their shards over. A stopping alert first waits for its
/// provider calls in flight and journals their outcomes (<see cref="Alerts.AlertEntity.Stop"/>); Akka's
/// coordinated-shutdown phase
/// <c>cluster-sharding-shutdown-region</c> (10 s by default, shorter than a provider's 10 s attempt-timeout plus the
/// write) would stop the region under such a call, and the next node to run the alert would send the call again. So the
/// phase lasts the delivery
/// <see cref="DeliverySettings.CallTimeout"/> (the longest a call can take) plus <see cref="WriteMargin"/>, unless the
/// configuration sets it.
/// </summary>
public static class GracefulHandOff
{
    /// <summary>The HOCON path of the phase's timeout.</summary>
    public const string PhaseTimeoutPath = "akka.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout";

    /// <summary>Time left after the longest call for the outcomes' journal write and the stop itself: 10 s.</summary>
    public static readonly TimeSpan WriteMargin = TimeSpan.FromSeconds(10);

    /// <summary>The phase's timeout for <paramref name="delivery"/>: its call-timeout plus <see cref="WriteMargin"/>
    /// (40 s by default).</summary>
    public static TimeSpan PhaseTimeout(DeliverySettings delivery) => delivery.CallTimeout + WriteMargin;

    /// <summary>The phase's timeout as HOCON, or an empty configuration when <paramref name="configured"/> sets it
    /// already.</summary>
    public static Config Hocon(Config configured, DeliverySettings delivery) =>
        configured.HasPath(PhaseTimeoutPath)
            ? Config.Empty
            : ConfigurationFactory.ParseString(
                $"{PhaseTimeoutPath} = {(long)PhaseTimeout(delivery).TotalMilliseconds}ms"
            );
}
