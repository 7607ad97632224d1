using Akka.Hosting;
using AlertActors.Actors.Replication;
using AlertActors.Domain.Silences;
using Microsoft.Extensions.DependencyInjection;

namespace AlertActors.Actors.Silences;

/// <summary>Marker for the silence registry singleton's proxy in the Akka.Hosting registry.</summary>
public sealed class SilenceRegistryProxy;

public static class SilenceRegistration
{
    public const string SingletonName = "silence-registry";
    public const string SubscriberName = "silence-subscriber";

    /// <summary>
    /// The node's <see cref="SilenceCache"/> (also as <see cref="ISilenceLookup"/>) and the
    /// <see cref="SilenceRegistryClient"/> the HTTP API uses. Returns the cache for <see cref="AddSilences"/>.
    /// </summary>
    public static SilenceCache AddSilenceServices(this IServiceCollection services, TimeSpan askTimeout)
    {
        var cache = new SilenceCache();
        services.AddSingleton(cache);
        services.AddSingleton<ISilenceLookup>(cache);
        services.AddSingleton(sp => new SilenceRegistryClient(
            sp.GetRequiredService<IRequiredActor<SilenceRegistryProxy>>(),
            askTimeout
        ));
        return cache;
    }

    /// <summary>
    /// The persistent <see cref="SilenceRegistry"/> as a cluster singleton (with its proxy on every node)
    /// and this node's <see cref="SilenceSubscriber"/> feeding <paramref name="cache"/>.
    /// </summary>
    public static AkkaConfigurationBuilder AddSilences(
        this AkkaConfigurationBuilder builder,
        SilenceCache cache,
        SilenceSettings? settings = null
    )
    {
        var silences = settings ?? new SilenceSettings();
        return builder.WithReplicatedSet<SilenceRegistryProxy>(
            SingletonName,
            mediator => SilenceRegistry.Props(mediator, silences),
            SubscriberName,
            (mediator, actors) =>
                SilenceSubscriber.Props(mediator, actors.Get<SilenceRegistryProxy>(), cache, silences.RefreshInterval)
        );
    }
}
