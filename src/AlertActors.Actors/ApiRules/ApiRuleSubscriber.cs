using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using AlertActors.Domain.ApiRules;

namespace AlertActors.Actors.ApiRules;

/// <summary>
/// Keeps this node's <see cref="CurrentRules"/> current: it subscribes to the rule registry's publications (a change
/// reaches every node within moments) and also asks the registry for the whole set at start and every
/// <c>refreshInterval</c>, so a publish lost in transit (or sent while this node was joining) heals within one
/// interval. As <see cref="Silences.SilenceSubscriber"/> does for silences.
/// </summary>
public sealed class ApiRuleSubscriber : ReceiveActor, IWithTimers
{
    /// <summary>Older sets in a row after which the registry is taken to have started over.</summary>
    public const int OlderSetsBeforeReset = 3;

    private readonly IActorRef _mediator;
    private readonly IActorRef _registry;
    private readonly TimeSpan _refreshInterval;
    private int _olderInARow;

    public ApiRuleSubscriber(IActorRef mediator, IActorRef registry, CurrentRules rules, TimeSpan refreshInterval)
    {
        _mediator = mediator;
        _registry = registry;
        _refreshInterval = refreshInterval;

        Receive<SubscribeAck>(_ => { });
        Receive<Refresh>(_ => _registry.Tell(ApiRuleCommands.GetApiRules.Instance));
        Receive<ApiRuleSet>(set =>
        {
            if (rules.Update(set, force: _olderInARow + 1 >= OlderSetsBeforeReset))
                _olderInARow = 0;
            else
                _olderInARow++;
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef mediator, IActorRef registry, CurrentRules rules, TimeSpan refreshInterval) =>
        Akka.Actor.Props.Create(() => new ApiRuleSubscriber(mediator, registry, rules, refreshInterval));

    protected override void PreStart()
    {
        _mediator.Tell(new Subscribe(ApiRuleRegistry.Topic, Self));
        _registry.Tell(ApiRuleCommands.GetApiRules.Instance);
        Timers.StartPeriodicTimer(nameof(Refresh), Refresh.Instance, _refreshInterval);
    }

    private sealed class Refresh
    {
        public static readonly Refresh Instance = new();
    }
}
