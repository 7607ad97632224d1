using Akka.Actor;
using Akka.Event;
using AlertActors.Actors.Replication;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Inhibition;
using static AlertActors.Domain.Inhibition.InhibitionCommands;

namespace AlertActors.Actors.Inhibition;

/// <summary>
/// This node's side of inhibition. It keeps the node's <see cref="InhibitionCache"/> current (the registry's
/// publications, and the whole set asked for at start and every refresh interval, so a lost publish heals); it
/// forwards this node's alerts' <see cref="InhibitionSourceChanged"/> to the registry; and when sources are gone from
/// the set it wakes the alerts they inhibited (<see cref="AlertCommands.Wake"/>, found through
/// <c>findInhibitedBy</c>), passivated or not, so their owed notifications go out at once. Every node does so after
/// its own cache changed, so the wake from the target's own node finds that node's cache current.
/// </summary>
public sealed class InhibitionSubscriber : ReplicaSubscriber<InhibitionSources>
{
    private readonly InhibitionCache _cache;
    private readonly Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyList<string>>> _findInhibitedBy;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <param name="region">The <c>alert</c> shard region the wakes go to.</param>
    /// <param name="findInhibitedBy">The dedup keys of the alerts the read store shows inhibited by any of the given
    /// sources.</param>
    public InhibitionSubscriber(
        IActorRef mediator,
        IActorRef registry,
        IActorRef region,
        InhibitionCache cache,
        Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyList<string>>> findInhibitedBy,
        TimeSpan refreshInterval
    )
        : base(mediator, registry, InhibitionRegistry.Topic, GetInhibitionSources.Instance, refreshInterval)
    {
        _cache = cache;
        _findInhibitedBy = findInhibitedBy;

        Receive<InhibitionSourceChanged>(changed => registry.Tell(new RegisterSource(changed.DedupKey, changed.Keys)));
        Receive<WakeTargets>(wake =>
        {
            foreach (var dedupKey in wake.DedupKeys)
                region.Tell(new AlertCommands.Wake(dedupKey));
        });
        Receive<FindFailed>(failed =>
            _log.Warning(
                "Finding the alerts to release from inhibition failed (they look again themselves): {0}",
                failed.Cause.Message
            )
        );
    }

    public static Props Props(
        IActorRef mediator,
        IActorRef registry,
        IActorRef region,
        InhibitionCache cache,
        Func<IReadOnlyCollection<string>, CancellationToken, Task<IReadOnlyList<string>>> findInhibitedBy,
        TimeSpan refreshInterval
    ) =>
        Akka.Actor.Props.Create(() =>
            new InhibitionSubscriber(mediator, registry, region, cache, findInhibitedBy, refreshInterval)
        );

    protected override void PreStart()
    {
        base.PreStart();
        Context.System.EventStream.Subscribe(Self, typeof(InhibitionSourceChanged));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <summary>Takes <paramref name="sources"/> when newer (or forced) and, when sources are gone from the set,
    /// wakes the alerts they inhibited.</summary>
    protected override bool Replace(InhibitionSources sources, bool force)
    {
        if (!_cache.Update(sources, out var replaced, force))
            return false;
        if (replaced?.GoneIn(sources) is { Count: > 0 } gone)
            _findInhibitedBy(gone, CancellationToken.None)
                .PipeTo(Self, success: targets => new WakeTargets(targets), failure: ex => new FindFailed(ex));
        return true;
    }

    private sealed record WakeTargets(IReadOnlyList<string> DedupKeys);

    private sealed record FindFailed(Exception Cause);
}
