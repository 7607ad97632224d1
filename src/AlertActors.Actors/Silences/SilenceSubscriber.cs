using Akka.Actor;
using AlertActors.Actors.Replication;
using AlertActors.Domain.Silences;

namespace AlertActors.Actors.Silences;

/// <summary>Keeps this node's <see cref="SilenceCache"/> current with the silence registry's set.</summary>
public sealed class SilenceSubscriber(
    IActorRef mediator,
    IActorRef registry,
    SilenceCache cache,
    TimeSpan refreshInterval
)
    : ReplicaSubscriber<SilenceSet>(
        mediator,
        registry,
        SilenceRegistry.Topic,
        SilenceCommands.GetSilences.Instance,
        refreshInterval
    )
{
    public static Props Props(IActorRef mediator, IActorRef registry, SilenceCache cache, TimeSpan refreshInterval) =>
        Akka.Actor.Props.Create(() => new SilenceSubscriber(mediator, registry, cache, refreshInterval));

    protected override bool Replace(SilenceSet set, bool force) => cache.Update(set, force);
}
