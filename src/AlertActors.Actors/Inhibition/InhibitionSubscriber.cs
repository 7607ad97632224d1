using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
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
public sealed class InhibitionSubscriber : ReceiveActor, IWithTimers
{
    /// <summary>Older sets in a row after which the registry is taken to have started over (on a node whose clock is
    /// behind: versions start from the clock).</summary>
    public const int OlderSetsBeforeReset = 3;

    private readonly IActorRef _mediator;
    private readonly IActorRef _registry;
    private readonly TimeSpan _refreshInterval;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _olderInARow;

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
    {
        _mediator = mediator;
        _registry = registry;
        _refreshInterval = refreshInterval;

        Receive<SubscribeAck>(_ => { });
        Receive<Refresh>(_ => _registry.Tell(GetInhibitionSources.Instance));
        Receive<InhibitionSourceChanged>(changed => _registry.Tell(new RegisterSource(changed.DedupKey, changed.Keys)));
        Receive<InhibitionSources>(sources =>
        {
            if (!cache.Update(sources, out var replaced, force: _olderInARow + 1 >= OlderSetsBeforeReset))
            {
                _olderInARow++;
                return;
            }
            _olderInARow = 0;
            if (replaced is null)
                return;
            var gone = replaced.GoneIn(sources);
            if (gone.Count > 0)
                findInhibitedBy(gone, CancellationToken.None)
                    .PipeTo(Self, success: targets => new WakeTargets(targets), failure: ex => new FindFailed(ex));
        });
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

    public ITimerScheduler Timers { get; set; } = null!;

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
        _mediator.Tell(new Subscribe(InhibitionRegistry.Topic, Self));
        Context.System.EventStream.Subscribe(Self, typeof(InhibitionSourceChanged));
        _registry.Tell(GetInhibitionSources.Instance);
        Timers.StartPeriodicTimer(nameof(Refresh), Refresh.Instance, _refreshInterval);
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private sealed class Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private sealed record WakeTargets(IReadOnlyList<string> DedupKeys);

    private sealed record FindFailed(Exception Cause);
}
