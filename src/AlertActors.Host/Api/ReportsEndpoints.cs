using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using AlertActors.Domain;
using AlertActors.Domain.Reports;
using AlertActors.Projection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET /api/v1/reports/response?since=&amp;until=&amp;by=rule|tenant|severity</c>: incident response (MTTA, MTTR,
/// p50/p90, never-acknowledged periods, noisy rules) over the firing periods that fired in [since, until), read
/// from the read store's <c>firing_period</c> table (<see cref="ResponseReport"/>). A tenant-scoped token sees its
/// tenants' periods only.
/// </summary>
public static partial class ReportsEndpoints
{
    /// <summary>The window when <c>since</c> is not given: the 7 days before <c>until</c>.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    /// <summary>Maps <c>/reports</c> on the <c>/api/v1</c> group (viewers may read).</summary>
    public static RouteGroupBuilder MapReportsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGroup("/reports").WithTags("reports").MapGet("/response", ResponseAsync);
        return api;
    }

    private static async Task<Results<Ok<ResponseReportJson>, BadRequestProblem>> ResponseAsync(
        ClaimsPrincipal user,
        AlertReadStore store,
        TimeProvider time,
        string? since,
        string? until,
        string? by,
        CancellationToken ct
    )
    {
        var problems = new List<string>();
        var end = ReadTime("until", until, problems) ?? time.GetUtcNow();
        var start = ReadTime("since", since, problems) ?? end - DefaultWindow;
        var timesRead = problems.Count == 0;
        ReportGrouping? grouping = string.IsNullOrEmpty(by)
            ? ReportGrouping.Rule
            : Enum.GetValues<ReportGrouping>()
                .Where(g => ResponseReport.NameOf(g) == by)
                .Cast<ReportGrouping?>()
                .FirstOrDefault();
        if (grouping is null)
            problems.Add($"by: \"{by}\" is not one of rule, tenant, severity");
        if (timesRead && start >= end)
            problems.Add($"since ({Rfc3339.Format(start)}) must be before until ({Rfc3339.Format(end)})");
        if (problems.Count > 0 || grouping is not { } groupBy)
            return new BadRequestProblem(string.Join("; ", problems), problems);

        var periods = await store.ListFiringPeriodsAsync(start, end, TenantScope.TenantsOf(ApiCaller.Of(user)), ct);
        return TypedResults.Ok(ResponseReportJson.Of(ResponseReport.Compute(periods, start, end, groupBy)));
    }

    /// <summary>An RFC 3339 date-time (<c>2026-11-23T03:00:00Z</c>, an offset, optional fraction), or null when not
    /// given; a <c>+</c> of the offset that arrived as a space (unencoded in the query) is read as <c>+</c>.</summary>
    private static DateTimeOffset? ReadTime(string name, string? text, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        var value = text.Trim().Replace(' ', '+');
        if (
            Rfc3339Pattern().IsMatch(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
        )
            return parsed.ToUniversalTime();
        problems.Add($"{name}: \"{text}\" is not an RFC 3339 date-time such as 2026-11-23T03:00:00Z");
        return null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339Pattern();
}
