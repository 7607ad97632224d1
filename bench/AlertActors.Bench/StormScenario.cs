using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace AlertActors.Bench;

/// <summary>
/// <c>storm</c>: one outage's alerts (<see cref="StormLoad"/>) into Prometheus Alertmanager (grouped by alertname and
/// site, the anchor's webhook sink as receiver) and into AlertActors (a rule grouped by <c>data.site</c>, PagerDuty to
/// the <see cref="ProviderStub"/>), in one run: pages sent, alerts per page, and the time from the storm's first alert
/// to each group's first page, side by side. Invariants (ours): every group paged exactly once, no alert paged on its
/// own, every alert recorded. Options: <c>--alerts</c> 1000/200, <c>--groups</c> 5, <c>--seconds</c> 10/2,
/// <c>--wait</c> (group wait, s) 5/2.
/// </summary>
public static class StormScenario
{
    /// <summary>After every group has paged: how long both systems are watched for further (duplicate) pages.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    private sealed record Side(int Pages, int DistinctGroups, double AlertsPerPage, List<double> FirstPageMs);

    public static async Task<ResultTable> RunAsync(BenchArgs args)
    {
        var load = StormLoad.From(args);
        var table = new ResultTable("storm");
        var (theirs, version) = await AlertmanagerAsync(load);
        var ours = await AlertActorsAsync(load, table);

        table
            .Row(
                "scenario",
                $"one outage into {version} and into AlertActors (one node, SQLite), same alerts, same run"
            )
            .Row("load", load.Describe)
            .Row(
                "Alertmanager",
                "route group_by [alertname, site]; webhook receiver = the anchor's sink (one POST = one page)"
            )
            .Row(
                "AlertActors",
                "rule `group { by = [\"data.site\"] }`; PagerDuty → stub (one trigger = one page; dedup_key = the group key)"
            )
            .Row(
                "pages sent (ours/theirs)",
                $"Alertmanager {theirs.Pages} · ours {ours.Pages} ({Ratio(ours.Pages, theirs.Pages)}); without grouping ours would send {load.Alerts}"
            )
            .Row("groups paged", $"Alertmanager {theirs.DistinctGroups} · ours {ours.DistinctGroups} of {load.Groups}")
            .Row(
                "alerts per page (first pages)",
                $"Alertmanager {theirs.AlertsPerPage:0.0} · ours: see the group listing below"
            )
            .Row(
                "storm start → each group's first page",
                $"Alertmanager {Percentiles.Describe(theirs.FirstPageMs)} · ours {Percentiles.Describe(ours.FirstPageMs)}"
            )
            .Row(
                "max time to first page (ours/theirs)",
                $"{Max(ours.FirstPageMs):0} ms / {Max(theirs.FirstPageMs):0} ms ({Ratio(Max(ours.FirstPageMs), Max(theirs.FirstPageMs))}); group wait {load.WaitSeconds} s"
            )
            .Row(
                "note",
                "the first alert of every group is in the storm's first batch, so 'storm start → first page' is each group's own time to first page; Alertmanager's clock is the sink's wall clock"
            );
        return table;
    }

    private static async Task<(Side Side, string Version)> AlertmanagerAsync(StormLoad load)
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync(load.AlertmanagerConfig);
        using var http = new HttpClient { BaseAddress = alertmanager.Url, Timeout = TimeSpan.FromSeconds(30) };
        using var sink = new HttpClient { BaseAddress = alertmanager.SinkUrl, Timeout = TimeSpan.FromSeconds(10) };
        var (_, startedAt) = await load.SendAsync(
            async (from, count) =>
            {
                using var body = new ByteArrayContent(load.AlertmanagerBody(from, count, DateTimeOffset.UtcNow));
                body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await http.PostAsync("/api/v2/alerts", body);
                return response.IsSuccessStatusCode;
            }
        );
        async Task<JsonNode> Stats() => JsonNode.Parse(await sink.GetStringAsync("/stats"))!;
        await UntilAsync(async () => (await Stats())["probes"]!.GetValue<int>() >= load.Groups, load);
        await Task.Delay(Quiet);
        var stats = await Stats();
        var firstPages = new List<double>();
        for (var group = 0; group < load.Groups; group++)
        {
            using var probe = await sink.GetAsync($"/probe/{load.Site(group)}");
            if (probe.IsSuccessStatusCode)
                firstPages.Add(
                    JsonNode.Parse(await probe.Content.ReadAsStringAsync())!["received_at"]!.GetValue<double>() * 1000
                        - startedAt.ToUnixTimeMilliseconds()
                );
        }
        var posts = stats["posts"]!.GetValue<int>();
        return (
            new Side(posts, firstPages.Count, stats["alerts"]!.GetValue<double>() / Math.Max(1, posts), firstPages),
            alertmanager.Version
        );
    }

    private static async Task<Side> AlertActorsAsync(StormLoad load, ResultTable table)
    {
        await using var stub = await ProviderStub.StartAsync();
        var dataDir = Path.Combine(
            Path.GetTempPath(),
            "alertactors-bench",
            "storm-" + Guid.NewGuid().ToString("N")[..8]
        );
        await using var node = await BenchNode.StartAsync(dataDir, $"{stub.Hocon}\n{load.AlertActorsHocon}");
        try
        {
            var (started, _) = await load.SendAsync(
                async (from, count) =>
                {
                    using var body = new ByteArrayContent(load.EventsBody(from, count));
                    body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await node.Http.PostAsync("/api/v1/events", body);
                    return response.IsSuccessStatusCode;
                }
            );
            List<ProviderStub.Arrival> Triggers() =>
                stub.Arrivals.Where(a => a is { Provider: "pagerduty", Action: "trigger" }).ToList();
            await UntilAsync(
                () => Task.FromResult(Triggers().Select(a => a.Key).Distinct().Count() >= load.Groups),
                load
            );
            await Task.Delay(Quiet);
            var triggers = Triggers();
            var byGroup = triggers.GroupBy(a => a.Key).ToList();
            var firstPages = byGroup
                .Select(g => Stopwatch.GetElapsedTime(started, g.Min(a => a.Timestamp)).TotalMilliseconds)
                .ToList();
            var recorded = await RecordedAlertsAsync(node.Http, load.Alerts);
            var groups = await GroupListingAsync(node.Http);
            table
                .Row("ours: group listing (GET /api/v1/groups)", groups.Describe)
                .Check(
                    "every group paged exactly once (one PagerDuty trigger per group key)",
                    byGroup.Count == load.Groups && byGroup.All(g => g.Count() == 1),
                    $"{byGroup.Count} group keys paged, {triggers.Count} triggers, {load.Groups} groups expected"
                )
                .Check(
                    "no alert paged on its own (every page's dedup key is a group key)",
                    triggers.All(t => !t.Key.Contains("node-down:host-", StringComparison.Ordinal)),
                    $"{triggers.Count(t => t.Key.Contains("node-down:host-", StringComparison.Ordinal))} alert-keyed triggers"
                )
                .Check(
                    "every alert recorded (alert list total)",
                    recorded == load.Alerts,
                    $"{recorded} of {load.Alerts}"
                )
                .Check(
                    "the groups list every alert as a member",
                    groups.Members == load.Alerts,
                    $"{groups.Members} members in {groups.Count} groups"
                );
            return new Side(triggers.Count, byGroup.Count, double.NaN, firstPages);
        }
        catch
        {
            Console.Error.WriteLine(node.OutputTail());
            throw;
        }
    }

    /// <summary>The alert list's total once it stops growing or reaches <paramref name="expected"/> (within
    /// 60 s).</summary>
    private static async Task<long> RecordedAlertsAsync(HttpClient http, int expected)
    {
        long total = 0;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            var page = JsonNode.Parse(await http.GetStringAsync("/api/v1/alerts?limit=1"))!;
            total = page["total"]!.GetValue<long>();
            if (total >= expected)
                break;
            await Task.Delay(250);
        }
        return total;
    }

    private sealed record GroupListing(int Count, int Members, string Describe);

    /// <summary>The node's groups and their member counts (<c>GET /api/v1/groups</c>, then each group).</summary>
    private static async Task<GroupListing> GroupListingAsync(HttpClient http)
    {
        var listed = JsonNode.Parse(await http.GetStringAsync("/api/v1/groups"))!;
        var groups = (listed as JsonArray ?? listed["groups"]!.AsArray()).ToList();
        var members = new List<int>();
        foreach (var group in groups)
        {
            var key = group!["group_key"]!.GetValue<string>();
            var detail = JsonNode.Parse(await http.GetStringAsync($"/api/v1/groups/{Uri.EscapeDataString(key)}"))!;
            members.Add(detail["members"]!.AsArray().Count);
        }
        return new GroupListing(
            groups.Count,
            members.Sum(),
            $"{groups.Count} groups, members {string.Join(", ", members)}"
        );
    }

    /// <summary>Polls <paramref name="done"/> until it holds; gives up after the storm, the group wait and 60
    /// s.</summary>
    private static async Task UntilAsync(Func<Task<bool>> done, StormLoad load)
    {
        var deadline = Stopwatch.StartNew();
        var within = TimeSpan.FromSeconds(load.Seconds + load.WaitSeconds + 60);
        while (deadline.Elapsed < within && !await done())
            await Task.Delay(50);
    }

    private static double Max(List<double> values) => values.Count == 0 ? double.NaN : values.Max();

    private static string Ratio(double ours, double theirs) =>
        theirs > 0 ? (ours / theirs).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "n/a";
}
