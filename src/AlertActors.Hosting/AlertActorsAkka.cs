using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.ApiRules;
using AlertActors.Actors.Delivery;
using AlertActors.Actors.Groups;
using AlertActors.Actors.Inhibition;
using AlertActors.Actors.Persistence;
using AlertActors.Actors.Serialization;
using AlertActors.Actors.Silences;
using AlertActors.Actors.Telemetry;
using AlertActors.Configuration;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Silences;
using AlertActors.Domain.TimeIntervals;
using AlertActors.Formation;
using AlertActors.Hosting.Health;
using AlertActors.Ingest;
using AlertActors.Notifications;
using AlertActors.Projection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace AlertActors.Hosting;

/// <summary>Registers the node's actor system: cluster, the alert shard region, delivery, projection and
/// ingest.</summary>
public static class AlertActorsAkka
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The node: its services (<see cref="AddAlertActorsServices"/>), the actor system (<see cref="AddAlertActors"/>),
    /// the health checks (the Akka ones and <see cref="KafkaPartitionsAssignedCheck"/>), and the hosted services that
    /// feed it (Kafka, the optional file input).
    /// </summary>
    public static IServiceCollection AddAlertActorsCluster(
        this IServiceCollection services,
        Config config,
        AlertActorsSettings settings
    )
    {
        services.AddAlertActorsServices(settings, config);
        services.AddAkka(ClusterSettings.SystemName, (builder, sp) => builder.AddAlertActors(config, settings, sp));
        services
            .AddHealthChecks()
            .AddCheck<KafkaPartitionsAssignedCheck>(
                HealthChecks.KafkaPartitionsAssigned,
                HealthStatus.Unhealthy,
                [HealthChecks.Readiness],
                HealthChecks.CheckTimeout
            );
        // Registered after the actor system: hosted services stop in reverse order, so the consumer drains
        // and commits while the alerts can still answer.
        services.AddHostedService(sp => sp.GetRequiredService<KafkaIngestService>());
        if (settings.FileInput.Enabled)
            services.AddHostedService(sp => new FileInputService(
                settings.FileInput,
                sp.GetRequiredService<EventIngestor>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<FileInputService>>(),
                sp.GetService<AlertActorsMetrics>()
            ));
        return services;
    }

    /// <summary>
    /// The services the actors and the API share: the alert list store, rules (the configuration's, and the rule set
    /// in force with the API's rules, <see cref="CurrentRules"/>), Kafka settings, breaker states, the silence cache
    /// and client, the inhibition cache, the event ingestor and the Kafka consumer (not yet started).
    /// </summary>
    /// <param name="config">The node's whole configuration (its <c>alertactors.defaults</c> and <c>lists</c> apply to
    /// rules stored through the API).</param>
    public static IServiceCollection AddAlertActorsServices(
        this IServiceCollection services,
        AlertActorsSettings settings,
        Config config
    )
    {
        services.AddSingleton(
            new AlertReadStore(settings.Persistence, settings.Projection.Scheduler.DeliveryResumeAfter)
        );
        services.AddSingleton(settings.Rules);
        var rules = services.AddApiRuleServices(
            new ApiRuleReader(config.GetConfig("alertactors") ?? ConfigurationFactory.Empty, settings.Rules),
            AskTimeout
        );
        services.AddSingleton(settings.Kafka);
        services.AddSingleton(new BreakerStateRegistry());
        services.AddSilenceServices(AskTimeout);
        services.AddSingleton(new InhibitionCache(settings.Inhibit));
        services.AddSingleton<ITimeMutes>(new RouteTimeMutes(rules));
        services.AddSingleton(sp => new EventIngestor(
            sp.GetRequiredService<IRequiredActor<AlertRegion>>(),
            rules,
            AskTimeout,
            settings.Kafka.IngestAttempts,
            sp.GetService<ILoggerFactory>()?.CreateLogger<EventIngestor>(),
            sp.GetService<AlertActorsMetrics>()
        ));
        services.AddSingleton<KafkaIngestService>();
        return services;
    }

    /// <summary>
    /// Everything in the actor system, registered through Akka.Hosting: the HOCON tunables of
    /// <paramref name="config"/>, Akka's log bridge, the cluster's formation (<see cref="ClusterFormation"/>),
    /// persistence (<see cref="AlertActorsPersistence"/>), the alert serializer, the notification dispatcher, the
    /// <c>alert</c> shard region, the silence registry, rule registry, inhibition registry and alert list singletons,
    /// and the health checks. Needs the services of <see cref="AddAlertActorsServices"/> and the notification
    /// providers in <paramref name="services"/>.
    /// </summary>
    public static AkkaConfigurationBuilder AddAlertActors(
        this AkkaConfigurationBuilder builder,
        Config config,
        AlertActorsSettings settings,
        IServiceProvider services
    )
    {
        var breakers = services.GetRequiredService<BreakerStateRegistry>();
        return builder
            .AddHocon(config, HoconAddMode.Prepend)
            .AddHocon(GracefulHandOff.Hocon(config, settings.Delivery), HoconAddMode.Prepend)
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLogger<AkkaLogBridge>();
            })
            .AddClusterFormation(settings.Cluster)
            .AddAlertActorsPersistence(
                settings.Persistence,
                NodeHealthChecks.Readiness(HealthChecks.JournalReachable, new JournalDatabaseCheck())
            )
            .AddAlertActorsSerialization()
            .WithActors(
                (system, registry) =>
                    registry.Register<NotificationDispatcher>(
                        system.ActorOf(
                            NotificationDispatcher.Props(
                                services.GetServices<INotificationProvider>(),
                                settings.Delivery,
                                breakers,
                                services.GetService<AlertActorsMetrics>()
                            ),
                            "notifications"
                        )
                    )
            )
            .AddAlertEntity(
                settings.Entity,
                services.GetService<ISilenceLookup>() ?? NoSilences.Instance,
                services.GetService<IRoutingTargets>(),
                services.GetRequiredService<InhibitionCache>(),
                services.GetService<ITimeMutes>()
            )
            .AddGroupEntity(settings.Entity)
            .AddSilences(services.GetRequiredService<SilenceCache>())
            .AddApiRules(services.GetRequiredService<CurrentRules>())
            .AddInhibition(
                services.GetRequiredService<InhibitionCache>(),
                services.GetRequiredService<AlertReadStore>().ListFiringAsync,
                services.GetRequiredService<AlertReadStore>().ListInhibitedByAsync
            )
            .AddAlertListProjection(services.GetRequiredService<AlertReadStore>(), settings.Projection)
            .AddNodeHealthChecks<AlertRegion>();
    }
}
