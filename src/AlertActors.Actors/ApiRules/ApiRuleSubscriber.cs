using Akka.Actor;
using AlertActors.Actors.Replication;
using AlertActors.Domain.ApiRules;

namespace AlertActors.Actors.ApiRules;

/// <summary>Keeps this node's <see cref="CurrentRules"/> current with the rule registry's set (a change reaches every
/// node within moments; the whole set is asked for every refresh interval).</summary>
public sealed class ApiRuleSubscriber(
    IActorRef mediator,
    IActorRef registry,
    CurrentRules rules,
    TimeSpan refreshInterval
)
    : ReplicaSubscriber<ApiRuleSet>(
        mediator,
        registry,
        ApiRuleRegistry.Topic,
        ApiRuleCommands.GetApiRules.Instance,
        refreshInterval
    )
{
    public static Props Props(IActorRef mediator, IActorRef registry, CurrentRules rules, TimeSpan refreshInterval) =>
        Akka.Actor.Props.Create(() => new ApiRuleSubscriber(mediator, registry, rules, refreshInterval));

    protected override bool Replace(ApiRuleSet set, bool force) => rules.Update(set, force);
}
