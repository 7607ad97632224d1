using AlertActors.Domain.Events;
using AlertActors.Domain.Reports;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>
/// The response report computed from firing periods with fixed times (<see cref="ResponseReport.Compute"/>): counts,
/// means and nearest-rank p50/p90 of time to acknowledge and resolve per group, never-acknowledged periods, the window
/// and the noisiest rules.
/// </summary>
public class ResponseReportTests
{
    private static readonly DateTimeOffset Since = At(0);
    private static readonly DateTimeOffset Until = At(24 * 60);

    [Fact]
    public void Per_rule_it_counts_and_gives_means_and_nearest_rank_percentiles()
    {
        // dns: TTA 1, 2, 3, 4, 10 minutes; TTR 10, 20 (three still open).
        var periods = new List<FiringPeriodRecord>
        {
            Period("dns", "a", 10, ackAfter: 1, resolveAfter: 10),
            Period("dns", "b", 20, ackAfter: 2, resolveAfter: 20),
            Period("dns", "c", 30, ackAfter: 3),
            Period("dns", "d", 40, ackAfter: 4),
            Period("dns", "e", 50, ackAfter: 10),
            Period("disk", "f", 60, resolveAfter: 30, how: "auto-resolve"),
        };

        var report = ResponseReport.Compute(periods, Since, Until, ReportGrouping.Rule);

        Assert.Equal(["disk", "dns"], report.Groups.Select(g => g.Key));
        var dns = report.Groups[1];
        Assert.Equal((5, 5, 2), (dns.Fired, dns.Acknowledged, dns.Resolved));
        Assert.Equal(new DurationStats(5, 4 * 60, 3 * 60, 10 * 60), dns.TimeToAcknowledge);
        Assert.Equal(new DurationStats(2, 15 * 60, 10 * 60, 20 * 60), dns.TimeToResolve);
        Assert.Equal(0, dns.NeverAcknowledged);

        var disk = report.Groups[0];
        Assert.Equal((1, 0, 1), (disk.Fired, disk.Acknowledged, disk.Resolved));
        Assert.Equal(new DurationStats(0, null, null, null), disk.TimeToAcknowledge);
        Assert.Equal(new DurationStats(1, 30 * 60, 30 * 60, 30 * 60), disk.TimeToResolve);
        Assert.Equal(1, disk.NeverAcknowledged);
        Assert.Equal("f", Assert.Single(disk.NeverAcknowledgedPeriods).DedupKey);
    }

    [Fact]
    public void Only_periods_that_fired_inside_the_window_count_whenever_they_were_acknowledged()
    {
        var periods = new List<FiringPeriodRecord>
        {
            Period("dns", "before", -1, ackAfter: 5),
            Period("dns", "first", 0, ackAfter: 2000),
            Period("dns", "last", 24 * 60 - 1, resolveAfter: 1),
            Period("dns", "at-until", 24 * 60, ackAfter: 1),
        };

        var group = Assert.Single(ResponseReport.Compute(periods, Since, Until, ReportGrouping.Rule).Groups);

        Assert.Equal((2, 1, 1), (group.Fired, group.Acknowledged, group.Resolved));
        Assert.Equal(2000 * 60, group.TimeToAcknowledge.MeanSeconds);
    }

    [Fact]
    public void Groups_by_tenant_or_severity_with_severities_most_urgent_first()
    {
        var periods = new List<FiringPeriodRecord>
        {
            Period("dns", "a", 1, tenant: "site-b", severity: Severity.Low),
            Period("dns", "b", 2, tenant: "site-a", severity: Severity.Critical),
            Period("disk", "c", 3, tenant: "site-a", severity: Severity.Medium),
        };

        var byTenant = ResponseReport.Compute(periods, Since, Until, ReportGrouping.Tenant);
        var bySeverity = ResponseReport.Compute(periods, Since, Until, ReportGrouping.Severity);

        Assert.Equal([("site-a", 2), ("site-b", 1)], byTenant.Groups.Select(g => (g.Key, g.Fired)));
        Assert.Equal(["critical", "medium", "low"], bySeverity.Groups.Select(g => g.Key));
    }

    [Fact]
    public void Never_acknowledged_lists_the_latest_resolved_periods_without_an_acknowledgement_up_to_the_limit()
    {
        var periods = Enumerable
            .Range(0, ResponseReport.ListedPerGroup + 5)
            .Select(i => Period("flappy", $"k{i:D2}", i, resolveAfter: 1, how: "auto-resolve"))
            .Append(Period("flappy", "open", 100))
            .Append(Period("flappy", "acked", 101, ackAfter: 1, resolveAfter: 2))
            .ToList();

        var group = Assert.Single(ResponseReport.Compute(periods, Since, Until, ReportGrouping.Rule).Groups);

        Assert.Equal(ResponseReport.ListedPerGroup + 5, group.NeverAcknowledged);
        Assert.Equal(ResponseReport.ListedPerGroup, group.NeverAcknowledgedPeriods.Count);
        Assert.Equal("k24", group.NeverAcknowledgedPeriods[0].DedupKey);
        Assert.Equal("k05", group.NeverAcknowledgedPeriods[^1].DedupKey);
    }

    [Fact]
    public void Noisy_rules_rank_by_firings_and_by_auto_resolves_nobody_acknowledged()
    {
        var periods = new List<FiringPeriodRecord>
        {
            Period("flappy", "a", 1, resolveAfter: 1, how: "auto-resolve"),
            Period("flappy", "a", 2, resolveAfter: 1, how: "auto-resolve"),
            Period("flappy", "b", 3, resolveAfter: 1, how: "event"),
            Period("loud", "c", 4, ackAfter: 1, resolveAfter: 2, how: "auto-resolve"),
            Period("loud", "d", 5, resolveAfter: 1, how: "auto-resolve"),
            Period("quiet", "e", 6, ackAfter: 1),
        };

        var report = ResponseReport.Compute(periods, Since, Until, ReportGrouping.Tenant);

        Assert.Equal(
            [new NoisyRule("flappy", 3), new NoisyRule("loud", 2), new NoisyRule("quiet", 1)],
            report.MostFirings
        );
        Assert.Equal([new NoisyRule("flappy", 2), new NoisyRule("loud", 1)], report.MostAutoResolvedUnacknowledged);
    }

    [Fact]
    public void An_empty_window_has_no_groups_and_no_noise()
    {
        var report = ResponseReport.Compute([], Since, Until, ReportGrouping.Rule);

        Assert.Empty(report.Groups);
        Assert.Empty(report.MostFirings);
        Assert.Empty(report.MostAutoResolvedUnacknowledged);
    }

    private static FiringPeriodRecord Period(
        string rule,
        string key,
        int firedAtMinute,
        int? ackAfter = null,
        int? resolveAfter = null,
        string how = "api",
        string tenant = "acme",
        Severity severity = Severity.High
    )
    {
        var fired = At(firedAtMinute);
        return new FiringPeriodRecord(
            key,
            1,
            rule,
            tenant,
            severity,
            fired,
            ackAfter is { } a ? fired.AddMinutes(a) : null,
            ackAfter is null ? null : "alice",
            resolveAfter is { } r ? fired.AddMinutes(r) : null,
            resolveAfter is null ? null : "bob",
            resolveAfter is null ? null : how
        );
    }
}
