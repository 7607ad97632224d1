using AlertActors.Domain.Events;

namespace AlertActors.Domain.Reports;

/// <summary>Which of a firing period's response times: to acknowledge or to resolve.</summary>
public enum ResponseMeasure
{
    Acknowledge = 0,
    Resolve = 1,
}

/// <summary>
/// A time to acknowledge or to resolve, measured once, when the alert decided the acknowledgement or resolve of a
/// firing period (<see cref="Alerts.AlertState.ResponseTimesOf"/>): <paramref name="Elapsed"/> from the period's
/// firing to that change, with the alert's rule, tenant and severity at that moment.
/// </summary>
public sealed record ResponseTime(
    ResponseMeasure Measure,
    TimeSpan Elapsed,
    string DedupKey,
    int Period,
    string Rule,
    string Tenant,
    Severity Severity
);
