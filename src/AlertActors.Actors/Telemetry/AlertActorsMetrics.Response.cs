using System.Diagnostics.Metrics;
using AlertActors.Domain.Events;
using AlertActors.Domain.Reports;

namespace AlertActors.Actors.Telemetry;

/// <summary>
/// Incident response histograms: <c>alertactors_time_to_acknowledge_seconds</c> and
/// <c>alertactors_time_to_resolve_seconds</c>, labelled <c>rule</c>, <c>tenant</c> and <c>severity</c> (names from the
/// configuration, never a dedup key). One observation per firing period and measure, made by the alert right after
/// the journal write that recorded the acknowledgement or resolve (<see cref="ResponseTime"/>), never on recovery.
/// </summary>
public sealed partial class AlertActorsMetrics
{
    /// <summary>Bucket bounds in seconds, from 30 s to a day: response times are minutes to hours.</summary>
    public static readonly double[] ResponseSecondsBuckets =
    [
        30,
        60,
        120,
        300,
        600,
        900,
        1800,
        3600,
        7200,
        14400,
        28800,
        86400,
    ];

    private Histogram<double>? _timeToAcknowledge;
    private Histogram<double>? _timeToResolve;

    /// <summary>Records <paramref name="measured"/> in its histogram, in seconds.</summary>
    public void ResponseTime(ResponseTime measured)
    {
        var histogram =
            measured.Measure == ResponseMeasure.Acknowledge
                ? LazyInitializer.EnsureInitialized(
                    ref _timeToAcknowledge,
                    () =>
                        ResponseHistogram(
                            "alertactors_time_to_acknowledge",
                            "Time from an alert's firing to its acknowledgement, once per firing period, by rule, tenant and severity."
                        )
                )
                : LazyInitializer.EnsureInitialized(
                    ref _timeToResolve,
                    () =>
                        ResponseHistogram(
                            "alertactors_time_to_resolve",
                            "Time from an alert's firing to its resolve (by API, event, provider webhook or auto-resolve), once per firing period, by rule, tenant and severity."
                        )
                );
        histogram.Record(
            Math.Max(0, measured.Elapsed.TotalSeconds),
            new("rule", measured.Rule),
            new("tenant", measured.Tenant),
            new("severity", measured.Severity.ToName())
        );
    }

    private Histogram<double> ResponseHistogram(string name, string description) =>
        Meter.CreateHistogram(
            name,
            unit: "s",
            description: description,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ResponseSecondsBuckets }
        );
}
