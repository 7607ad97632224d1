using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;

namespace AlertActors.Actors.Replication;

/// <summary>How a replicated set is started on a node: its registry as a cluster singleton and this node's
/// subscriber.</summary>
public static class ReplicatedSetRegistration
{
    /// <summary>
    /// The registry <paramref name="registry"/> makes, as a cluster singleton named <paramref name="singletonName"/>
    /// (with its proxy on every node, registered as <typeparamref name="TProxy"/>), and this node's subscriber
    /// <paramref name="subscriber"/> makes, named <paramref name="subscriberName"/>. Both get the DistributedPubSub
    /// mediator; the subscriber also gets the Akka.Hosting registry (for the proxy and other actors).
    /// </summary>
    public static AkkaConfigurationBuilder WithReplicatedSet<TProxy>(
        this AkkaConfigurationBuilder builder,
        string singletonName,
        Func<IActorRef, Props> registry,
        string subscriberName,
        Func<IActorRef, IActorRegistry, Props> subscriber
    ) =>
        builder
            .WithSingleton<TProxy>(
                singletonName,
                (system, _, _) => registry(DistributedPubSub.Get(system).Mediator),
                new ClusterSingletonOptions(),
                createProxyToo: true
            )
            .WithActors(
                (system, actors) =>
                    system.ActorOf(subscriber(DistributedPubSub.Get(system).Mediator, actors), subscriberName)
            );
}
