using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Reports;

/// <summary>What a response report groups firing periods by.</summary>
public enum ReportGrouping
{
    Rule = 0,
    Tenant = 1,
    Severity = 2,
}

/// <summary>Mean, median and 90th percentile of a set of durations, in seconds; all null when the set is
/// empty.</summary>
public sealed record DurationStats(int Count, double? MeanSeconds, double? P50Seconds, double? P90Seconds)
{
    /// <summary>
    /// The stats of <paramref name="durations"/>. Percentiles by the nearest-rank method: the smallest value with at
    /// least p % of the values at or below it (so p50 and p90 are always measured durations, never interpolated).
    /// </summary>
    public static DurationStats Of(IEnumerable<TimeSpan> durations)
    {
        var seconds = durations.Select(d => d.TotalSeconds).Order().ToArray();
        if (seconds.Length == 0)
            return new DurationStats(0, null, null, null);
        return new DurationStats(
            seconds.Length,
            seconds.Average(),
            NearestRank(seconds, 0.5),
            NearestRank(seconds, 0.9)
        );
    }

    private static double NearestRank(double[] sorted, double p) =>
        sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

/// <summary>One group of a response report (one rule, tenant or severity).</summary>
/// <param name="Key">The rule name, tenant or severity name.</param>
/// <param name="Fired">Firing periods that fired inside the report's window.</param>
/// <param name="Acknowledged">Of those, how many were acknowledged (by now).</param>
/// <param name="Resolved">Of those, how many were resolved (by now).</param>
/// <param name="TimeToAcknowledge">Fired → acknowledged, over the acknowledged periods.</param>
/// <param name="TimeToResolve">Fired → resolved, over the resolved periods.</param>
/// <param name="NeverAcknowledged">Periods resolved without an acknowledgement.</param>
/// <param name="NeverAcknowledgedPeriods">The latest of those (most recently fired first), at most
/// <see cref="ResponseReport.ListedPerGroup"/>.</param>
public sealed record ResponseGroup(
    string Key,
    int Fired,
    int Acknowledged,
    int Resolved,
    DurationStats TimeToAcknowledge,
    DurationStats TimeToResolve,
    int NeverAcknowledged,
    IReadOnlyList<FiringPeriodRecord> NeverAcknowledgedPeriods
);

/// <summary>A rule and how many firing periods it counts in a noise ranking.</summary>
public sealed record NoisyRule(string Rule, int Count);

/// <summary>
/// Incident response over a window (seeds 002 and 004: MTTA, MTTR and alert noise): the firing periods that fired in
/// [<see cref="Since"/>, <see cref="Until"/>), grouped by rule, tenant or severity, and the noisiest rules.
/// </summary>
/// <param name="MostFirings">Rules with the most firing periods, most first (at most
/// <see cref="ResponseReport.TopRules"/>).</param>
/// <param name="MostAutoResolvedUnacknowledged">Rules with the most periods that auto-resolved without anyone
/// acknowledging them (the seed's alert noise: it paged, nobody acted, it went away), most first.</param>
public sealed record ResponseReport(
    DateTimeOffset Since,
    DateTimeOffset Until,
    ReportGrouping By,
    IReadOnlyList<ResponseGroup> Groups,
    IReadOnlyList<NoisyRule> MostFirings,
    IReadOnlyList<NoisyRule> MostAutoResolvedUnacknowledged
)
{
    /// <summary>How many never-acknowledged periods a group lists.</summary>
    public const int ListedPerGroup = 20;

    /// <summary>How many rules each noise ranking lists.</summary>
    public const int TopRules = 10;

    /// <summary>
    /// The report over <paramref name="periods"/>: those that fired in [<paramref name="since"/>,
    /// <paramref name="until"/>) count, with what happened to them since (an acknowledgement after
    /// <paramref name="until"/> still counts). Groups are ordered by key (severities most urgent first); ties in the
    /// rankings by rule name.
    /// </summary>
    public static ResponseReport Compute(
        IEnumerable<FiringPeriodRecord> periods,
        DateTimeOffset since,
        DateTimeOffset until,
        ReportGrouping by
    )
    {
        var inWindow = periods.Where(p => p.FiredAt >= since && p.FiredAt < until).ToList();
        var groups = inWindow.GroupBy(p => KeyOf(p, by), StringComparer.Ordinal).Select(g => GroupOf(g.Key, [.. g]));
        var ordered =
            by == ReportGrouping.Severity
                ? groups.OrderByDescending(g => SeverityOrder(g.Key))
                : groups.OrderBy(g => g.Key, StringComparer.Ordinal);
        return new ResponseReport(
            since,
            until,
            by,
            [.. ordered],
            Ranking(inWindow),
            Ranking(inWindow.Where(p => p.NeverAcknowledged && p.ResolvedHow == ChangeVia.AutoResolve))
        );
    }

    /// <summary>The name of <paramref name="by"/> in URLs and JSON: <c>rule</c>, <c>tenant</c>,
    /// <c>severity</c>.</summary>
    public static string NameOf(ReportGrouping by) => by.ToString().ToLowerInvariant();

    private static string KeyOf(FiringPeriodRecord period, ReportGrouping by) =>
        by switch
        {
            ReportGrouping.Tenant => period.Tenant,
            ReportGrouping.Severity => period.Severity.ToName(),
            _ => period.Rule,
        };

    private static int SeverityOrder(string name) => SeverityNames.TryParse(name, out var s) ? (int)s : -1;

    private static ResponseGroup GroupOf(string key, List<FiringPeriodRecord> periods)
    {
        var never = periods.Where(p => p.NeverAcknowledged).ToList();
        return new ResponseGroup(
            key,
            periods.Count,
            periods.Count(p => p.AcknowledgedAt is not null),
            periods.Count(p => p.ResolvedAt is not null),
            DurationStats.Of(periods.Select(p => p.TimeToAcknowledge).OfType<TimeSpan>()),
            DurationStats.Of(periods.Select(p => p.TimeToResolve).OfType<TimeSpan>()),
            never.Count,
            [
                .. never
                    .OrderByDescending(p => p.FiredAt)
                    .ThenBy(p => p.DedupKey, StringComparer.Ordinal)
                    .Take(ListedPerGroup),
            ]
        );
    }

    private static List<NoisyRule> Ranking(IEnumerable<FiringPeriodRecord> periods) =>
        [
            .. periods
                .GroupBy(p => p.Rule, StringComparer.Ordinal)
                .Select(g => new NoisyRule(g.Key, g.Count()))
                .OrderByDescending(r => r.Count)
                .ThenBy(r => r.Rule, StringComparer.Ordinal)
                .Take(TopRules),
        ];
}
