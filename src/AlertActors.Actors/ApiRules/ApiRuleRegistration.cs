using Akka.Hosting;
using AlertActors.Actors.Replication;
using AlertActors.Configuration;
using AlertActors.Domain.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace AlertActors.Actors.ApiRules;

/// <summary>Marker for the rule registry singleton's proxy in the Akka.Hosting registry.</summary>
public sealed class ApiRuleRegistryProxy;

public static class ApiRuleRegistration
{
    public const string SingletonName = "rule-registry";
    public const string SubscriberName = "rule-subscriber";

    /// <summary>How often each node asks the registry for the whole set (heals a missed publish).</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The node's <see cref="CurrentRules"/> (also as <see cref="IRuleSetSource"/>, which the ingest and the providers
    /// read) and the <see cref="ApiRuleRegistryClient"/> the HTTP API uses. Returns the rules for
    /// <see cref="AddApiRules"/>.
    /// </summary>
    public static CurrentRules AddApiRuleServices(
        this IServiceCollection services,
        ApiRuleReader reader,
        TimeSpan askTimeout
    )
    {
        var rules = new CurrentRules(reader);
        services.AddSingleton(rules);
        services.AddSingleton<IRuleSetSource>(rules);
        services.AddSingleton(sp => new ApiRuleRegistryClient(
            sp.GetRequiredService<IRequiredActor<ApiRuleRegistryProxy>>(),
            askTimeout
        ));
        return rules;
    }

    /// <summary>
    /// The persistent <see cref="ApiRuleRegistry"/> as a cluster singleton (with its proxy on every node) and this
    /// node's <see cref="ApiRuleSubscriber"/> feeding <paramref name="rules"/>.
    /// </summary>
    public static AkkaConfigurationBuilder AddApiRules(this AkkaConfigurationBuilder builder, CurrentRules rules) =>
        builder.WithReplicatedSet<ApiRuleRegistryProxy>(
            SingletonName,
            ApiRuleRegistry.Props,
            SubscriberName,
            (mediator, actors) =>
                ApiRuleSubscriber.Props(mediator, actors.Get<ApiRuleRegistryProxy>(), rules, RefreshInterval)
        );
}
