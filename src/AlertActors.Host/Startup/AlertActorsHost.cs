using Akka.Actor;
using Akka.Configuration;
using AlertActors.Configuration;
using AlertActors.Host.Api;
using AlertActors.Host.Application;
using AlertActors.Host.Kafka;
using AlertActors.Host.Startup;
using AlertActors.Hosting;
using AlertActors.Ingest;
using AlertActors.Notifications;

namespace AlertActors.Host.Startup;

/// <summary>Builds the node: configuration, services, the actor system and the HTTP API.</summary>
public static class AlertActorsHost
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>
    /// Reads and checks the configuration (<see cref="NodeConfigurationReader"/>), then builds the node: services, the
    /// actor system and the HTTP API. Nothing is started yet.
    /// </summary>
    /// <param name="args">ASP.NET Core's command line: <c>--config FILE</c>, <c>--urls URLS</c>,
    /// <c>--Logging:...</c>.</param>
    /// <exception cref="ConfigurationProblemsException">The configuration or this machine refuses the node; it lists
    /// every problem.</exception>
    public static WebApplication Create(string[] args)
    {
        // appsettings.json (log levels) is found beside the binaries wherever the node is started from.
        var builder = WebApplication.CreateBuilder(
            new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory }
        );
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls(DefaultUrl);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyLimits.Largest);

        var environment = Environment.GetEnvironmentVariables();
        var (node, problems) = NodeConfigurationReader.Read(
            NodeConfigurationReader.ConfigFileOf(builder.Configuration["config"], environment),
            environment,
            UrlsOf(builder.Configuration),
            machineChecks: true
        );
        if (problems.Count > 0)
            throw new ConfigurationProblemsException(problems);
        var (config, settings) = (node.Hocon, node.Settings);

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(node);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddApiAuthorization(node.Tokens);
        builder.Services.AddApplicationServices();
        builder.Services.AddOpenApi(o =>
            o.AddDocumentTransformer<OpenApiDocumentInfo>()
                .AddOperationTransformer<OpenApiDocumentInfo>()
                .AddSchemaTransformer<OpenApiOmittedNulls>()
        );
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddApiProblemDetails();
        builder.Services.AddKafkaEndpoint(settings.Kafka);
        builder.Services.AddNotificationProviders(
            settings.PagerDuty,
            settings.OpsGenie,
            settings.Webhook,
            settings.Slack,
            settings.Remediation
        );
        builder.Services.AddAlertActorsCluster(config, settings);
        if (settings.Cluster.Discovery.UsesBootstrap())
            builder.Services.AddHostedService(sp =>
                ActivatorUtilities.CreateInstance<ManagementEndpoint>(sp, settings.Cluster)
            );
        builder.Services.AddAlertActorsMetrics();
        builder.Services.AddAlertActorsTracing(builder.Configuration);

        var app = builder.Build();
        if (HttpExposureCheck.Warning(node.Urls, node.Tokens.Enabled, settings.AllowUnauthenticated) is { } warning)
            app.Logger.LogWarning("{Warning}", warning);
        app.UseApiProblemDetails();
        app.UseRequestBodyLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseJsonContentType();
        app.MapNodeEndpoints();
        StartupLog.Write(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AlertActors.Host"), node);
        return app;
    }

    /// <summary>The URLs HTTP listens on: <c>--urls</c> or <c>ASPNETCORE_URLS</c> (';'-separated), else
    /// <see cref="DefaultUrl"/>.</summary>
    public static IReadOnlyList<string> UrlsOf(IConfiguration configuration) =>
        configuration["urls"] is { Length: > 0 } urls
            ? urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [DefaultUrl];

    /// <summary>
    /// Runs the node until it stops. One that stopped because it left the cluster on request (<c>alertctl cluster
    /// leave</c>, a pre-stop hook) exits 0: Akka.Hosting would report an actor system that ended before the host as a
    /// failure, and a supervisor would restart the node into the cluster it just left. A node that was downed keeps the
    /// non-zero code.
    /// </summary>
    public static async Task RunNodeAsync(this WebApplication app)
    {
        await using (app)
        {
            await app.StartAsync();
            var shutdown = CoordinatedShutdown.Get(app.Services.GetRequiredService<ActorSystem>());
            await app.WaitForShutdownAsync();
            if (shutdown.ShutdownReason is CoordinatedShutdown.ClusterLeavingReason)
                Environment.ExitCode = 0;
        }
    }

    /// <summary>Where Kestrel will listen: <c>urls</c> (<c>--urls</c>, ASPNETCORE_URLS; <see cref="DefaultUrl"/> when
    /// unset) and <c>Kestrel:Endpoints:*:Url</c>.</summary>
    private static IReadOnlyList<string> ListenUrlsOf(IConfiguration configuration) =>
        [
            .. (configuration["urls"] is { Length: > 0 } urls ? urls : DefaultUrl).Split(
                ';',
                StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries
            ),
            .. configuration
                .GetSection("Kestrel:Endpoints")
                .GetChildren()
                .Select(endpoint => endpoint["Url"])
                .OfType<string>(),
        ];

    /// <summary>The configured Kafka cluster, or an embedded broker started now (its address is logged).</summary>
    private static void AddKafkaEndpoint(this IServiceCollection services, KafkaSettings kafka)
    {
        if (!kafka.Embedded)
        {
            services.AddSingleton(new KafkaEndpoint(kafka.BootstrapServers, Embedded: false));
            return;
        }
        services.AddSingleton(sp =>
            EmbeddedKafkaBroker.Start(
                [.. kafka.Topics, .. kafka.Topics.Select(kafka.DeadLetterTopicOf)],
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<EmbeddedKafkaBroker>()
            )
        );
        services.AddSingleton(sp => new KafkaEndpoint(
            sp.GetRequiredService<EmbeddedKafkaBroker>().BootstrapServers,
            Embedded: true
        ));
    }
}
