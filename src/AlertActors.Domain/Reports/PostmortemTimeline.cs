using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Reports;

/// <summary>
/// One entry of a postmortem timeline, in time order: a timeline entry of the alert (<c>firing</c>,
/// <c>acknowledged</c>, <c>resolved</c>, <c>inhibited</c>, and whatever else the alert records: every
/// <see cref="TimelineEntry"/> of the period appears, with its change text as written), its first occurrence
/// (<c>first occurrence</c>), or a notification (<c>notified</c>: provider, action, outcome, when it completed, and
/// the escalation step whose incident it is about, null for the alert's own).
/// </summary>
public sealed record PostmortemEntry(
    DateTimeOffset At,
    string Change,
    string? By = null,
    string? Note = null,
    string? Via = null,
    string? Provider = null,
    string? Action = null,
    string? Outcome = null,
    DateTimeOffset? CompletedAt = null,
    int? Attempts = null,
    int? EscalationStep = null
);

/// <summary>How many trigger occurrences a firing period had, and when the first and latest came (receive
/// times).</summary>
public sealed record OccurrenceSummary(long Count, DateTimeOffset First, DateTimeOffset Last);

/// <summary>
/// The whole life of one firing period of one alert, postmortem-ready (seeds 002, 004): what fired, when, how often
/// it occurred, where it was notified and with what outcome, who acknowledged and resolved it and how, the time to
/// acknowledge and to resolve, and every timeline entry in between. Holds no routing key or other secret.
/// </summary>
/// <param name="LatestPeriod">The alert's latest firing period number (<see cref="AlertState.FiringPeriod"/>).</param>
/// <param name="Status">The period's status: <c>firing</c>, <c>acknowledged</c> or <c>resolved</c>.</param>
/// <param name="Occurrences">Null when not known (see <see cref="FiringPeriodRecord.Occurrences"/>).</param>
public sealed record PostmortemTimeline(
    string DedupKey,
    int Period,
    int LatestPeriod,
    string Summary,
    string Rule,
    string Tenant,
    string Severity,
    string Status,
    DateTimeOffset FiredAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    string? ResolvedHow,
    double? TimeToAcknowledgeSeconds,
    double? TimeToResolveSeconds,
    OccurrenceSummary? Occurrences,
    IReadOnlyList<PostmortemEntry> Entries
)
{
    /// <summary>
    /// The timeline of firing period <paramref name="period"/> (null: the latest) of <paramref name="state"/>, or null
    /// when the alert has no such period (or never fired). The period's occurrences come from the alert while it is its
    /// latest, else from <paramref name="stored"/> (the read store's row of that period) when given. Notifications
    /// are the deliveries made from the period's firing until the next period's (the alert keeps its latest
    /// completed deliveries, <see cref="AlertState.CompletedDeliveryCapacity"/>).
    /// </summary>
    public static PostmortemTimeline? Of(AlertState state, int? period = null, FiringPeriodRecord? stored = null)
    {
        var periods = state.FiringPeriods();
        var wanted = period ?? state.FiringPeriod;
        if (
            periods.FirstOrDefault(p => p.Period == wanted) is not { } record
            || state.TimelineOf(wanted) is not { } own
        )
            return null;
        var next = periods.FirstOrDefault(p => p.Period == wanted + 1)?.FiredAt;
        var occurrences =
            record.Occurrences is { } count
            && record.FirstOccurrenceAt is { } first
            && record.LastOccurrenceAt is { } last
                ? new OccurrenceSummary(count, first, last)
            : stored is { Occurrences: { } n, FirstOccurrenceAt: { } f, LastOccurrenceAt: { } l }
                ? new OccurrenceSummary(n, f, l)
            : null;

        var entries = new List<PostmortemEntry>();
        if (occurrences is { } o && o.First < record.FiredAt)
            entries.Add(new PostmortemEntry(o.First, "first occurrence", Note: "pending until its threshold was met"));
        entries.AddRange(
            own.Select(e => new PostmortemEntry(
                e.At,
                e.Change,
                e.By,
                e.Note,
                e.Change is TimelineChanges.Acknowledged or TimelineChanges.Resolved ? ChangeVia.Of(e) : null
            ))
        );
        entries.AddRange(
            state
                .Deliveries.Where(d =>
                    d.CreatedAt >= record.FiredAt
                    && (next is null || d.CreatedAt < next)
                    // Remediation attempts are not notifications: their answers are timeline entries.
                    && d.Provider != ProviderNames.Remediation
                )
                .Select(d => new PostmortemEntry(
                    d.CreatedAt,
                    "notified",
                    Provider: d.Provider,
                    Action: d.Request.Action.ToString().ToLowerInvariant(),
                    Outcome: d.Status.ToName(),
                    CompletedAt: d.CompletedAt,
                    Attempts: d.Attempts,
                    EscalationStep: d.Request.EscalationStep
                ))
        );

        return new PostmortemTimeline(
            state.DedupKey,
            wanted,
            state.FiringPeriod,
            state.Summary,
            record.Rule,
            record.Tenant,
            (stored?.Period == wanted && wanted != state.FiringPeriod ? stored.Severity : record.Severity).ToName(),
            record.ResolvedAt is not null ? "resolved"
                : record.AcknowledgedAt is not null ? "acknowledged"
                : "firing",
            record.FiredAt,
            record.AcknowledgedAt,
            record.AcknowledgedBy,
            record.ResolvedAt,
            record.ResolvedBy,
            record.ResolvedHow,
            record.TimeToAcknowledge?.TotalSeconds,
            record.TimeToResolve?.TotalSeconds,
            occurrences,
            [.. entries.OrderBy(e => e.At)]
        );
    }
}
