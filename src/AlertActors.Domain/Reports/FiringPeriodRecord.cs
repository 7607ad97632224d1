using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Reports;

/// <summary>
/// One firing period of one alert, as its timeline tells it (<see cref="AlertState.FiringPeriods"/>) and as the read
/// store's <c>firing_period</c> table keeps it: fired, acknowledged (by whom), resolved (by whom, how). Times are UTC.
/// </summary>
/// <param name="Period">The alert's firing period number (<see cref="AlertState.FiringPeriod"/>), from 1.</param>
/// <param name="Severity">The alert's severity as of the period's latest lifecycle change.</param>
/// <param name="ResolvedHow">How it was resolved (<see cref="ChangeVia"/>: <c>api</c>, <c>event</c>, <c>webhook</c>,
/// <c>auto-resolve</c>); null while open.</param>
/// <param name="Occurrences">Trigger occurrences of the period, counted from the first one after the alert was new or
/// resolved (its pending phase included); null when not known (periods before the alert's latest one, as the alert
/// itself keeps only its latest period's count, and alerts journaled before the count existed).</param>
/// <param name="FirstOccurrenceAt">The period's first trigger occurrence (receive time); null when not known.</param>
/// <param name="LastOccurrenceAt">Its latest trigger occurrence so far (receive time); null when not known.</param>
public sealed record FiringPeriodRecord(
    string DedupKey,
    int Period,
    string Rule,
    string Tenant,
    Severity Severity,
    DateTimeOffset FiredAt,
    DateTimeOffset? AcknowledgedAt = null,
    string? AcknowledgedBy = null,
    DateTimeOffset? ResolvedAt = null,
    string? ResolvedBy = null,
    string? ResolvedHow = null,
    long? Occurrences = null,
    DateTimeOffset? FirstOccurrenceAt = null,
    DateTimeOffset? LastOccurrenceAt = null
)
{
    /// <summary>Time to acknowledge: fired → acknowledged; null when not acknowledged.</summary>
    public TimeSpan? TimeToAcknowledge => AcknowledgedAt - FiredAt;

    /// <summary>Time to resolve: fired → resolved; null while open.</summary>
    public TimeSpan? TimeToResolve => ResolvedAt - FiredAt;

    /// <summary>Resolved without anyone having acknowledged it.</summary>
    public bool NeverAcknowledged => ResolvedAt is not null && AcknowledgedAt is null;
}
