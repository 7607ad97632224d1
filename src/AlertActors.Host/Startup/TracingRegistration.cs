using AlertActors.Actors.Telemetry;
using OpenTelemetry.Trace;

namespace AlertActors.Host.Startup;

/// <summary>
/// OpenTelemetry traces (<see cref="AlertActorsTracing"/>: ingest → alert → provider call, under the HTTP request that
/// posted the event), exported over OTLP when the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
/// <c>OTEL_EXPORTER_OTLP_HEADERS</c> and the other standard OTLP variables); off otherwise, so nothing is recorded.
/// </summary>
/// <remarks>
/// Outgoing HttpClient calls get no span of their own: the <c>alertactors.notify</c> client span stands for them,
/// because a Slack or webhook URL is a secret and an HTTP span would record it. Health, readiness and scrape requests
/// are not traced.
/// </remarks>
public static class TracingRegistration
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static bool Enabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[EndpointVariable]);

    public static IServiceCollection AddAlertActorsTracing(
        this IServiceCollection services,
        IConfiguration configuration
    )
    {
        if (!Enabled(configuration))
            return services;
        services
            .AddOpenTelemetry()
            .WithTracing(tracing =>
                tracing
                    .AddSource(AlertActorsTracing.SourceName)
                    .AddAspNetCoreInstrumentation(o =>
                        o.Filter = context =>
                            !context.Request.Path.StartsWithSegments("/healthz")
                            && !context.Request.Path.StartsWithSegments("/readyz")
                            && !context.Request.Path.StartsWithSegments(MetricsRegistration.ScrapePath)
                    )
                    .AddOtlpExporter()
            );
        return services;
    }
}
