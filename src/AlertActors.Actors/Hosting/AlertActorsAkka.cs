using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Configuration;
using AlertActors.Actors.Delivery;
using AlertActors.Actors.Ingest;
using AlertActors.Actors.Projection;
using AlertActors.Actors.Silences;
using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Silences;
using AlertActors.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AlertActors.Actors.Hosting;

/// <summary>Registers the node's actor system: cluster, the alert shard region, delivery, projection and ingest.</summary>
public static class AlertActorsAkka
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Remoting: bind to <c>alertactors.cluster.hostname</c> (<c>akka.remote.dot-netty.tcp.hostname</c>) and advertise
    /// <c>public-hostname</c> when set (<c>akka.remote.dot-netty.tcp.public-hostname</c>), e.g. bind 0.0.0.0 and advertise the pod's DNS name.
    /// </summary>
    public static RemoteOptions RemoteOptionsOf(ClusterSettings cluster) => new()
    {
        HostName = cluster.Hostname,
        Port = cluster.Port,
        PublicHostName = cluster.AdvertisedHostname,
    };

    /// <summary>
    /// The configured seed nodes; with none, the node's own address (it forms a single-node cluster, and Akka does not log that a manual
    /// join is needed). Empty only when the port is 0 (chosen by the OS at start): then the node joins itself once it knows its address.
    /// </summary>
    public static string[] SeedNodesOf(ClusterSettings cluster) =>
        cluster.Seeds.Count > 0 ? [.. cluster.SeedAddresses]
        : cluster.Port > 0 ? [$"akka.tcp://{ClusterSettings.SystemName}@{cluster.AdvertisedHostname}:{cluster.Port}"]
        : [];

    public static IServiceCollection AddAlertActorsCluster(this IServiceCollection services, Config config, AlertActorsSettings settings)
    {
        var readStore = new AlertReadStore(settings.Persistence, settings.Projection.Scheduler.DeliveryResumeAfter);
        services.AddSingleton(readStore);
        services.AddSingleton(settings.Rules);
        services.AddSingleton(settings.Kafka);
        var breakers = new BreakerStateRegistry();
        services.AddSingleton(breakers);
        var silences = services.AddSilenceServices(AskTimeout);
        services.AddSingleton(sp => new EventIngestor(sp.GetRequiredService<IRequiredActor<AlertRegion>>(), settings.Rules, AskTimeout,
            settings.Kafka.IngestAttempts, sp.GetService<ILoggerFactory>()?.CreateLogger<EventIngestor>()));
        services.AddSingleton<KafkaIngestService>();

        services.AddAkka(ClusterSettings.SystemName, (builder, sp) =>
        {
            builder
                .AddHocon(config, HoconAddMode.Prepend)
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLogger<AkkaLogBridge>();
                })
                .WithRemoting(RemoteOptionsOf(settings.Cluster))
                .WithClustering(new ClusterOptions { SeedNodes = SeedNodesOf(settings.Cluster) })
                .WithActors((system, registry) => registry.Register<NotificationDispatcher>(
                    system.ActorOf(NotificationDispatcher.Props(sp.GetServices<INotificationProvider>(), settings.Delivery, breakers, sp.GetService<AlertActorsMetrics>()), "notifications")))
                .AddAlertEntity(settings.Entity, sp.GetService<ISilenceLookup>() ?? NoSilences.Instance, sp.GetService<IRoutingTargets>())
                .AddSilences(silences)
                .AddAlertListProjection(readStore, settings.Projection)
                .AddStartup((system, _) =>
                {
                    // With a port chosen by the OS (0) the own address is known only now; else it is the seed node already.
                    if (SeedNodesOf(settings.Cluster).Length > 0) return;
                    var cluster = Akka.Cluster.Cluster.Get(system);
                    cluster.Join(cluster.SelfAddress);
                });
        });
        // Registered after the actor system: hosted services stop in reverse order, so the consumer drains
        // and commits while the alerts can still answer.
        services.AddHostedService(sp => sp.GetRequiredService<KafkaIngestService>());
        if (settings.FileInput.Enabled)
            services.AddHostedService(sp => new FileInputService(settings.FileInput, sp.GetRequiredService<EventIngestor>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<FileInputService>>(), sp.GetService<AlertActorsMetrics>()));
        return services;
    }
}
