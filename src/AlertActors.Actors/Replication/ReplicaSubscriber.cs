using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace AlertActors.Actors.Replication;

/// <summary>
/// Keeps this node's copy of a set a cluster singleton owns (silences, inhibition sources, rules stored through the
/// API) current: it subscribes to the registry's publications on the set's topic and also asks the registry for the
/// whole set at start and every refresh interval, so a publish lost in transit (or sent while this node was joining)
/// heals within one interval. A set older than the copy is not taken, unless
/// <see cref="OlderSetsBeforeReset"/> arrive in a row: then the registry is taken to have started over.
/// </summary>
/// <typeparam name="TSet">The whole set the registry publishes and answers with.</typeparam>
public abstract class ReplicaSubscriber<TSet> : ReceiveActor, IWithTimers
    where TSet : class
{
    /// <summary>Older sets in a row after which the registry is taken to have started over.</summary>
    public const int OlderSetsBeforeReset = 3;

    private readonly IActorRef _mediator;
    private readonly IActorRef _registry;
    private readonly string _topic;
    private readonly object _getSet;
    private readonly TimeSpan _refreshInterval;
    private int _olderInARow;

    /// <param name="mediator">The DistributedPubSub mediator (a probe in tests).</param>
    /// <param name="registry">The registry singleton's proxy.</param>
    /// <param name="topic">The topic the registry publishes the set on.</param>
    /// <param name="getSet">The message the registry answers with the whole set.</param>
    /// <param name="refreshInterval">How often the whole set is asked for.</param>
    protected ReplicaSubscriber(
        IActorRef mediator,
        IActorRef registry,
        string topic,
        object getSet,
        TimeSpan refreshInterval
    )
    {
        _mediator = mediator;
        _registry = registry;
        _topic = topic;
        _getSet = getSet;
        _refreshInterval = refreshInterval;

        Receive<SubscribeAck>(_ => { });
        Receive<Refresh>(_ => _registry.Tell(_getSet));
        Receive<TSet>(set =>
        {
            if (Replace(set, force: _olderInARow + 1 >= OlderSetsBeforeReset))
                _olderInARow = 0;
            else
                _olderInARow++;
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Takes <paramref name="set"/> as this node's copy when it is newer than the copy, or whatever it is
    /// when <paramref name="force"/>; true when taken.</summary>
    protected abstract bool Replace(TSet set, bool force);

    protected override void PreStart()
    {
        _mediator.Tell(new Subscribe(_topic, Self));
        _registry.Tell(_getSet);
        Timers.StartPeriodicTimer(nameof(Refresh), Refresh.Instance, _refreshInterval);
    }

    private sealed class Refresh
    {
        public static readonly Refresh Instance = new();
    }
}
