using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using AlertActors.Domain.Silences;

namespace AlertActors.Actors.Silences;

/// <summary>
/// Keeps this node's <see cref="SilenceCache"/> current: it subscribes to the registry's publications and
/// also asks the registry for the whole set at start and every <c>refreshInterval</c>, so a publish lost
/// in transit (or sent while this node was joining) heals within one interval.
/// </summary>
public sealed class SilenceSubscriber : ReceiveActor, IWithTimers
{
    /// <summary>Older sets in a row after which the registry is taken to have started over.</summary>
    public const int OlderSetsBeforeReset = 3;

    private readonly IActorRef _mediator;
    private readonly IActorRef _registry;
    private readonly TimeSpan _refreshInterval;
    private int _olderInARow;

    public SilenceSubscriber(IActorRef mediator, IActorRef registry, SilenceCache cache, TimeSpan refreshInterval)
    {
        _mediator = mediator;
        _registry = registry;
        _refreshInterval = refreshInterval;

        Receive<SubscribeAck>(_ => { });
        Receive<Refresh>(_ => _registry.Tell(SilenceCommands.GetSilences.Instance));
        Receive<SilenceSet>(set =>
        {
            if (cache.Update(set, force: _olderInARow + 1 >= OlderSetsBeforeReset))
                _olderInARow = 0;
            else
                _olderInARow++;
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef mediator, IActorRef registry, SilenceCache cache, TimeSpan refreshInterval) =>
        Akka.Actor.Props.Create(() => new SilenceSubscriber(mediator, registry, cache, refreshInterval));

    protected override void PreStart()
    {
        _mediator.Tell(new Subscribe(SilenceRegistry.Topic, Self));
        _registry.Tell(SilenceCommands.GetSilences.Instance);
        Timers.StartPeriodicTimer(nameof(Refresh), Refresh.Instance, _refreshInterval);
    }

    private sealed class Refresh
    {
        public static readonly Refresh Instance = new();
    }
}
