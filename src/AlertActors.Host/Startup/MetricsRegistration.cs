using System.Diagnostics.Metrics;
using AlertActors.Actors.Telemetry;
using AlertActors.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace AlertActors.Host.Startup;

/// <summary>
/// Prometheus metrics: the <c>AlertActors</c> meter (<see cref="AlertActorsMetrics"/>,
/// <see cref="AlertActorsMetricsService"/>), ASP.NET Core, HttpClient and .NET runtime instrumentation, exported by
/// OpenTelemetry at <c>GET /metrics</c> (mapped by <c>app.MapPrometheusScrapingEndpoint()</c>). With API tokens
/// configured it needs one without tenants, of any role (<see cref="Api.ApiAuthorization.Metrics"/>): the counts are
/// cluster-wide. Prometheus sends it with <c>authorization: { credentials_file: ... }</c>.
/// </summary>
public static class MetricsRegistration
{
    public const string ScrapePath = "/metrics";

    /// <summary>Call after <c>AddAlertActorsCluster</c>: the observing service starts once the actor system and the
    /// Kafka consumer have.</summary>
    public static IServiceCollection AddAlertActorsMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton(sp => new AlertActorsMetrics(sp.GetRequiredService<IMeterFactory>()));
        services.AddHostedService<AlertActorsMetricsService>();
        services
            .AddOpenTelemetry()
            .ConfigureResource(resource =>
                resource.AddService(
                    "alertactors",
                    serviceVersion: typeof(MetricsRegistration).Assembly.GetName().Version?.ToString(3)
                )
            )
            .WithMetrics(metrics =>
                metrics
                    .AddMeter(AlertActorsMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter(o => o.ScrapeEndpointPath = ScrapePath)
            );
        services.ConfigureOpenTelemetryMeterProvider(
            (sp, builder) =>
            {
                var ownFactory = sp.GetRequiredService<IMeterFactory>();
                builder.AddView(instrument =>
                    BelongsToAnotherHost(instrument.Meter, ownFactory) ? MetricStreamConfiguration.Drop : null
                );
            }
        );
        return services;
    }

    /// <summary>
    /// A meter listener hears every meter of the process by name. When several hosts share a process (the
    /// integration tests), a host exports only the meters its own <see cref="IMeterFactory"/> made, plus the
    /// process-wide ones (runtime): the AlertActors meter must be its own, and other hosts' factory meters
    /// (ASP.NET Core, Kestrel, HttpClient) are dropped.
    /// </summary>
    internal static bool BelongsToAnotherHost(Meter meter, IMeterFactory ownFactory) =>
        meter.Name == AlertActorsMetrics.MeterName
            ? !ReferenceEquals(meter.Scope, ownFactory)
            : meter.Scope is IMeterFactory factory && !ReferenceEquals(factory, ownFactory);
}
