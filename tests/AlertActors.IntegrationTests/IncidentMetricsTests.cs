using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Incident metrics end to end on a node: an alert that fires, is notified (PagerDuty stub), acknowledged and resolved,
/// and another that auto-resolves unacknowledged. Its postmortem timeline (Markdown and JSON), the response report
/// (from the read store, scoped by tenant, every problem of a bad query), the time-to-acknowledge and time-to-resolve
/// histograms on <c>/metrics</c> (once each, not again when a restarted node recovers the alert) and alertctl.
/// </summary>
public sealed class IncidentMetricsTests : IDisposable
{
    private const string Admin = "incident-admin-0001";
    private const string SiteBViewer = "incident-site-b-0001";
    private const string RogueKey = "site-a:rogue-mac:aa:bb:cc:dd:ee:ff";
    private const string FlappyKey = "site-b:flappy:db-1";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    private string Hocon =>
        _providers.Hocon
        + $$"""

            alertactors.defaults.providers = [pagerduty]
            alertactors.http.api-token = "{{Admin}}"
            alertactors.http.tokens = [ { name = site-b-dash, token = "{{SiteBViewer}}", role = viewer, tenants = [site-b] } ]
            alertactors.rules = [
              {
                name = rogue-mac
                match { all = [ { field = tenant, op = eq, value = site-a } ] }
                dedup-key = "{tenant}:rogue-mac:{subject}"
              }
              {
                name = flappy
                match { all = [ { field = tenant, op = eq, value = site-b } ] }
                dedup-key = "{tenant}:flappy:{subject}"
                auto-resolve-after = 2s
              }
            ]
            """;

    [Fact]
    public async Task A_fired_notified_acknowledged_and_resolved_alert_gives_its_timeline_report_and_histograms()
    {
        await using (var node = await TestNode.StartAsync(_directory, Hocon))
        {
            node.Http.DefaultRequestHeaders.Authorization = new("Bearer", Admin);
            await PostAsync(node, Event("a-1", "site-a", "aa:bb:cc:dd:ee:ff"));
            await PostAsync(node, Event("b-1", "site-b", "db-1"));
            await Eventually.HoldsAsync(
                async () => AlertApi.AllDelivered(await node.TryGetAlertAsync(RogueKey), 1),
                Within,
                "the trigger never reached PagerDuty"
            );
            await ChangeAsync(node, "acknowledge", "alice", "on it");
            await ChangeAsync(node, "acknowledge", "bob", "me too");
            await ChangeAsync(node, "resolve", "bob", "restarted the DHCP server");
            await Eventually.HoldsAsync(
                async () => AlertApi.AllDelivered(await node.TryGetAlertAsync(RogueKey), 3),
                Within,
                "the acknowledge and resolve never reached PagerDuty"
            );
            await Eventually.HoldsAsync(
                async () => (await node.TryGetAlertAsync(FlappyKey))?["status"]?.GetValue<string>() == "resolved",
                Within,
                "the flappy alert never auto-resolved"
            );
            var alert = (await node.TryGetAlertAsync(RogueKey))!;
            var firedAt = TimeOf(alert, "firing");
            var tta = (TimeOf(alert, "acknowledged") - firedAt).TotalSeconds;
            var ttr = (TimeOf(alert, "resolved") - firedAt).TotalSeconds;

            await AssertMarkdownTimelineAsync(node);
            await AssertJsonTimelineAsync(node, tta, ttr);
            await AssertHistogramsAsync(node, expectedCount: 1);
            await AssertReportAsync(node, tta, ttr);
            await AssertAlertCtlAsync(node);
        }

        // A restarted node recovers the alert from its journal and measures nothing again.
        await using (var restarted = await TestNode.StartAsync(_directory, Hocon))
        {
            restarted.Http.DefaultRequestHeaders.Authorization = new("Bearer", Admin);
            Assert.Equal("resolved", (await restarted.TryGetAlertAsync(RogueKey))?["status"]?.GetValue<string>());
            await AssertHistogramsAsync(restarted, expectedCount: null);
        }
    }

    private async Task AssertMarkdownTimelineAsync(TestNode node)
    {
        using var response = await node.Http.GetAsync(TimelinePath(RogueKey) + "?format=markdown");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
        var markdown = await response.Content.ReadAsStringAsync();
        var lines = markdown.Split('\n');

        Assert.Equal("## Alert timeline: Rogue DHCP lease to aa:bb:cc:dd:ee:ff", lines[0]);
        Assert.Contains($"- **Alert:** `{RogueKey}`", lines);
        Assert.Contains("- **Rule:** rogue-mac · **Tenant:** site-a · **Severity:** critical", lines);
        Assert.Contains("- **Firing period:** 1 of 1 (resolved)", lines);
        Assert.Contains(lines, l => l.StartsWith("- **Occurrences:** 1 (first 20", StringComparison.Ordinal));
        Assert.Contains(
            lines,
            l =>
                l.StartsWith("- **Acknowledged:** 20", StringComparison.Ordinal)
                && l.Contains("Z by alice (time to acknowledge ", StringComparison.Ordinal)
        );
        Assert.Contains(
            lines,
            l =>
                l.StartsWith("- **Resolved:** 20", StringComparison.Ordinal)
                && l.Contains("Z by bob via api (time to resolve ", StringComparison.Ordinal)
        );
        // The table, in time order: fired, paged, acknowledged (the second acknowledge changed nothing), resolved.
        var rows = lines.Where(l => l.StartsWith("| 20", StringComparison.Ordinal)).Select(Cells).ToList();
        Assert.Equal(
            [
                ("firing", ""),
                ("notified pagerduty (trigger)", "delivered"),
                ("acknowledged", "by alice, via api, “on it”"),
                ("notified pagerduty (acknowledge)", "delivered"),
                ("resolved", "by bob, via api, “restarted the DHCP server”"),
                ("notified pagerduty (resolve)", "delivered"),
            ],
            rows.Select(r =>
                (r.Event, r.Details.StartsWith("delivered at", StringComparison.Ordinal) ? "delivered" : r.Details)
            )
        );
        Assert.All(rows, r => Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", r.Time));
        Assert.DoesNotContain(ProviderStubs.RoutingKey, markdown, StringComparison.Ordinal);
    }

    private async Task AssertJsonTimelineAsync(TestNode node, double tta, double ttr)
    {
        var timeline = await node.GetJsonAsync(TimelinePath(RogueKey));
        Assert.Equal(1, timeline["period"]!.GetValue<int>());
        Assert.Equal("alice", timeline["acknowledged_by"]!.GetValue<string>());
        Assert.Equal("api", timeline["resolved_how"]!.GetValue<string>());
        Assert.Equal(tta, timeline["time_to_acknowledge_seconds"]!.GetValue<double>(), 6);
        Assert.Equal(ttr, timeline["time_to_resolve_seconds"]!.GetValue<double>(), 6);
        Assert.Equal(1, timeline["occurrences"]!["count"]!.GetValue<long>());
        Assert.DoesNotContain(ProviderStubs.RoutingKey, timeline.ToJsonString(), StringComparison.Ordinal);

        var problems = await ProblemsAsync(node, TimelinePath(RogueKey) + "?format=xml&period=0");
        Assert.Equal(
            ["format: \"xml\" is not one of json, markdown", "period: \"0\" is not a firing period number (1, 2, ...)"],
            problems
        );
        using var missing = await node.Http.GetAsync(TimelinePath(RogueKey) + "?period=2");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("has firing periods 1 to 1, not 2", await missing.Content.ReadAsStringAsync());

        // Another tenant's token gets the answer an unknown key gets.
        using var scoped = Client(node, SiteBViewer);
        using var hidden = await scoped.GetAsync(TimelinePath(RogueKey));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    private static async Task AssertHistogramsAsync(TestNode node, int? expectedCount)
    {
        var samples = MetricsTests.Parse(await node.Http.GetStringAsync("/metrics"));
        (string, string)[] labels = [("rule", "rogue-mac"), ("tenant", "site-a"), ("severity", "critical")];
        Assert.Equal(
            expectedCount,
            MetricsTests.Value(samples, "alertactors_time_to_acknowledge_seconds_count", labels)
        );
        Assert.Equal(expectedCount, MetricsTests.Value(samples, "alertactors_time_to_resolve_seconds_count", labels));
        if (expectedCount is null)
            return;
        // The auto-resolved alert was never acknowledged: a resolve time only.
        (string, string)[] flappy = [("rule", "flappy"), ("tenant", "site-b")];
        Assert.Null(MetricsTests.Value(samples, "alertactors_time_to_acknowledge_seconds_count", flappy));
        Assert.Equal(1, MetricsTests.Value(samples, "alertactors_time_to_resolve_seconds_count", flappy));
        Assert.Equal(
            1,
            MetricsTests.Value(samples, "alertactors_time_to_resolve_seconds_bucket", [.. flappy, ("le", "30")])
        );
    }

    private static async Task AssertReportAsync(TestNode node, double tta, double ttr)
    {
        // The report reads the read store, which the projection fills shortly after the journal.
        var report = await Eventually.HoldsAsync(
            async () =>
            {
                var answer = await node.GetJsonAsync("/api/v1/reports/response");
                var groups = answer["groups"]!.AsArray();
                return groups.Count == 2 && groups.All(g => g!["resolved"]!.GetValue<int>() == 1) ? answer : null;
            },
            Within,
            "the report never showed both resolved alerts"
        );
        Assert.Equal("rule", report["by"]!.GetValue<string>());
        var rogue = report["groups"]![1]!;
        Assert.Equal("rogue-mac", rogue["key"]!.GetValue<string>());
        Assert.Equal((1, 1, 1, 0), Counts(rogue));
        // The read store keeps milliseconds.
        Assert.Equal(tta, rogue["mtta_seconds"]!.GetValue<double>(), 0.002);
        Assert.Equal(tta, rogue["tta_p90_seconds"]!.GetValue<double>(), 0.002);
        Assert.Equal(ttr, rogue["mttr_seconds"]!.GetValue<double>(), 0.002);
        var flappy = report["groups"]![0]!;
        Assert.Equal("flappy", flappy["key"]!.GetValue<string>());
        Assert.Equal((1, 0, 1, 1), Counts(flappy));
        Assert.Null(flappy["mtta_seconds"]);
        var never = Assert.Single(flappy["never_acknowledged_alerts"]!.AsArray())!;
        Assert.Equal(
            (FlappyKey, "auto-resolve"),
            (never["dedup_key"]!.GetValue<string>(), never["resolved_how"]!.GetValue<string>())
        );
        Assert.Equal(
            "flappy",
            report["noisy_rules"]!["most_auto_resolved_unacknowledged"]![0]!["rule"]!.GetValue<string>()
        );

        var byTenant = await node.GetJsonAsync("/api/v1/reports/response?by=tenant");
        Assert.Equal(["site-a", "site-b"], byTenant["groups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()));

        using var scoped = Client(node, SiteBViewer);
        var own = JsonNode.Parse(await scoped.GetStringAsync("/api/v1/reports/response"))!;
        Assert.Equal(["flappy"], own["groups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()));

        var until = DateTimeOffset.UtcNow.AddMinutes(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");
        var empty = await node.GetJsonAsync(
            $"/api/v1/reports/response?since=2020-01-01T00:00:00%2B01:00&until=2020-01-02T00:00:00Z"
        );
        Assert.Empty(empty["groups"]!.AsArray());
        var window = await node.GetJsonAsync($"/api/v1/reports/response?until={until}&by=severity");
        Assert.Equal(["critical", "high"], window["groups"]!.AsArray().Select(g => g!["key"]!.GetValue<string>()));

        Assert.Equal(
            [
                "until: \"yesterday\" is not an RFC 3339 date-time such as 2026-11-23T03:00:00Z",
                "since: \"2026-13-01\" is not an RFC 3339 date-time such as 2026-11-23T03:00:00Z",
                "by: \"host\" is not one of rule, tenant, severity",
            ],
            await ProblemsAsync(node, "/api/v1/reports/response?since=2026-13-01&until=yesterday&by=host")
        );
        Assert.Equal(
            ["since (2026-11-24T00:00:00Z) must be before until (2026-11-23T00:00:00Z)"],
            await ProblemsAsync(node, "/api/v1/reports/response?since=2026-11-24T00:00:00Z&until=2026-11-23T00:00:00Z")
        );
        // Every problem at once: the order of since and until is judged whatever else is wrong.
        Assert.Equal(
            [
                "by: \"team\" is not one of rule, tenant, severity",
                "since (2026-11-24T00:00:00Z) must be before until (2026-11-23T00:00:00Z)",
            ],
            await ProblemsAsync(
                node,
                "/api/v1/reports/response?since=2026-11-24T00:00:00Z&until=2026-11-23T00:00:00Z&by=team"
            )
        );
    }

    private static async Task AssertAlertCtlAsync(TestNode node)
    {
        var server = node.Http.BaseAddress!.ToString();
        var (exit, output, error) = await AlertCtlProcess.RunAsync(server, Admin, "report", "--by", "rule");
        Assert.True(exit == 0, error);
        var rows = output.Split('\n');
        Assert.Contains(
            rows,
            r => r.StartsWith("rogue-mac ", StringComparison.Ordinal) && r.Contains(" 1 ", StringComparison.Ordinal)
        );
        Assert.Contains(
            rows,
            r =>
                r.StartsWith(FlappyKey, StringComparison.Ordinal)
                && r.TrimEnd().EndsWith("auto-resolve", StringComparison.Ordinal)
        );
        Assert.Contains("noisiest rules (auto-resolved, never acknowledged):", rows);

        (exit, output, error) = await AlertCtlProcess.RunAsync(server, Admin, "alert", "timeline", RogueKey);
        Assert.True(exit == 0, error);
        Assert.StartsWith("## Alert timeline: Rogue DHCP lease to aa:bb:cc:dd:ee:ff", output, StringComparison.Ordinal);

        (exit, _, error) = await AlertCtlProcess.RunAsync(server, Admin, "report", "--since", "last week", "--by", "x");
        Assert.Equal(1, exit);
        // Each problem once: the server's reason already lists them.
        foreach (
            var problem in new[] { "since: \"last week\" is not an RFC 3339 date-time", "by: \"x\" is not one of" }
        )
            Assert.Equal(2, error.Split(problem).Length);
    }

    private static async Task PostAsync(TestNode node, object evt)
    {
        using var response = await node.Http.PostAsJsonAsync("/api/v1/events", evt);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static async Task ChangeAsync(TestNode node, string change, string by, string note)
    {
        using var response = await node.Http.PostAsJsonAsync(
            $"/api/v1/alerts/{Uri.EscapeDataString(RogueKey)}/{change}",
            new { by, note }
        );
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<List<string>> ProblemsAsync(TestNode node, string path)
    {
        using var response = await node.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return [.. problem["problems"]!.AsArray().Select(p => p!.GetValue<string>())];
    }

    private static HttpClient Client(TestNode node, string token) =>
        new() { BaseAddress = node.Http.BaseAddress, DefaultRequestHeaders = { Authorization = new("Bearer", token) } };

    private static object Event(string id, string tenant, string subject) =>
        new
        {
            specversion = "1.0",
            id,
            source = "dhcp-watcher",
            type = "dhcp.lease.rogue_mac",
            subject,
            severity = tenant == "site-a" ? "critical" : "high",
            tenant,
            summary = tenant == "site-a" ? "Rogue DHCP lease to aa:bb:cc:dd:ee:ff" : "db-1 flapping",
        };

    private static string TimelinePath(string key) => $"/api/v1/alerts/{Uri.EscapeDataString(key)}/timeline";

    private static DateTimeOffset TimeOf(JsonNode alert, string change) =>
        alert["timeline"]!.AsArray().First(t => t!["change"]!.GetValue<string>() == change)![
            "at"
        ]!.GetValue<DateTimeOffset>();

    private static (int, int, int, int) Counts(JsonNode group) =>
        (
            group["fired"]!.GetValue<int>(),
            group["acknowledged"]!.GetValue<int>(),
            group["resolved"]!.GetValue<int>(),
            group["never_acknowledged"]!.GetValue<int>()
        );

    private static (string Time, string Event, string Details) Cells(string row)
    {
        var cells = row.Trim().Trim('|').Split(" | ");
        return (cells[0].Trim(), cells[1].Trim(), cells.Length > 2 ? cells[2].Trim() : "");
    }

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
