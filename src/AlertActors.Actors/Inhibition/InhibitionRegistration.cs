using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Replication;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Inhibition;

/// <summary>Marker for the inhibition registry singleton's proxy in the Akka.Hosting registry.</summary>
public sealed class InhibitionRegistryProxy;

public static class InhibitionRegistration
{
    public const string SingletonName = "inhibition-registry";
    public const string SubscriberName = "inhibition-subscriber";

    /// <summary>
    /// The <see cref="InhibitionRegistry"/> as a cluster singleton (with its proxy on every node) and this node's
    /// <see cref="InhibitionSubscriber"/> feeding <paramref name="cache"/> and waking released alerts through the
    /// <c>alert</c> region (registered before this).
    /// </summary>
    /// <param name="loadFiring">The read store's firing (and acknowledged) alerts.</param>
    /// <param name="findInhibitedBy">The dedup keys of the read store's alerts inhibited by any of the given
    /// sources.</param>
    public static AkkaConfigurationBuilder AddInhibition(
        this AkkaConfigurationBuilder builder,
        InhibitionCache cache,
        Func<CancellationToken, Task<IReadOnlyList<AlertState>>> loadFiring,
        Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyList<string>>> findInhibitedBy,
        InhibitionSettings? settings = null
    )
    {
        var inhibition = settings ?? new InhibitionSettings();
        return builder.WithReplicatedSet<InhibitionRegistryProxy>(
            SingletonName,
            mediator => InhibitionRegistry.Props(mediator, cache.Rules, loadFiring, inhibition),
            SubscriberName,
            (mediator, actors) =>
                InhibitionSubscriber.Props(
                    mediator,
                    actors.Get<InhibitionRegistryProxy>(),
                    actors.Get<AlertRegion>(),
                    cache,
                    findInhibitedBy,
                    inhibition.RefreshInterval
                )
        );
    }
}
