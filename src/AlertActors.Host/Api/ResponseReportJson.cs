using AlertActors.Domain.Reports;

namespace AlertActors.Host.Api;

/// <summary>
/// The answer of <c>GET /api/v1/reports/response</c>: the window, the grouping, one entry per group and the noisiest
/// rules. Seconds are fractional; a mean or percentile without any sample (no period acknowledged, none resolved) is
/// left out.
/// </summary>
public sealed record ResponseReportJson(
    DateTimeOffset Since,
    DateTimeOffset Until,
    string By,
    IReadOnlyList<ResponseGroupJson> Groups,
    NoisyRulesJson NoisyRules
)
{
    public static ResponseReportJson Of(ResponseReport report) =>
        new(
            report.Since,
            report.Until,
            ResponseReport.NameOf(report.By),
            [.. report.Groups.Select(ResponseGroupJson.Of)],
            new NoisyRulesJson(
                [.. report.MostFirings.Select(r => new NoisyRuleJson(r.Rule, r.Count))],
                [.. report.MostAutoResolvedUnacknowledged.Select(r => new NoisyRuleJson(r.Rule, r.Count))]
            )
        );
}

/// <summary>
/// One group: <c>key</c> (the rule, tenant or severity), periods <c>fired</c> in the window and how many of them were
/// <c>acknowledged</c> and <c>resolved</c>; <c>mtta_seconds</c> / <c>mttr_seconds</c> (means) and nearest-rank
/// <c>tta_p50_seconds</c>, <c>tta_p90_seconds</c>, <c>ttr_p50_seconds</c>, <c>ttr_p90_seconds</c>;
/// <c>never_acknowledged</c> (periods resolved without an acknowledgement) and the latest of them
/// (<c>never_acknowledged_alerts</c>, at most <see cref="ResponseReport.ListedPerGroup"/>).
/// </summary>
public sealed record ResponseGroupJson(
    string Key,
    int Fired,
    int Acknowledged,
    int Resolved,
    double? MttaSeconds,
    double? MttrSeconds,
    double? TtaP50Seconds,
    double? TtaP90Seconds,
    double? TtrP50Seconds,
    double? TtrP90Seconds,
    int NeverAcknowledged,
    IReadOnlyList<UnacknowledgedPeriodJson> NeverAcknowledgedAlerts
)
{
    public static ResponseGroupJson Of(ResponseGroup g) =>
        new(
            g.Key,
            g.Fired,
            g.Acknowledged,
            g.Resolved,
            g.TimeToAcknowledge.MeanSeconds,
            g.TimeToResolve.MeanSeconds,
            g.TimeToAcknowledge.P50Seconds,
            g.TimeToAcknowledge.P90Seconds,
            g.TimeToResolve.P50Seconds,
            g.TimeToResolve.P90Seconds,
            g.NeverAcknowledged,
            [
                .. g.NeverAcknowledgedPeriods.Select(p => new UnacknowledgedPeriodJson(
                    p.DedupKey,
                    p.Period,
                    p.FiredAt,
                    p.ResolvedAt,
                    p.ResolvedBy,
                    p.ResolvedHow
                )),
            ]
        );
}

/// <summary>A firing period resolved without an acknowledgement.</summary>
public sealed record UnacknowledgedPeriodJson(
    string DedupKey,
    int Period,
    DateTimeOffset FiredAt,
    DateTimeOffset? ResolvedAt,
    string? ResolvedBy,
    string? ResolvedHow
);

/// <summary>The alert-noise rankings: rules with the most firings, and with the most periods auto-resolved without an
/// acknowledgement.</summary>
public sealed record NoisyRulesJson(
    IReadOnlyList<NoisyRuleJson> MostFirings,
    IReadOnlyList<NoisyRuleJson> MostAutoResolvedUnacknowledged
);

public sealed record NoisyRuleJson(string Rule, int Count);
