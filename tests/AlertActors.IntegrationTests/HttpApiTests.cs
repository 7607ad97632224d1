using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>The HTTP side of the skeleton on a dry-run node (no provider keys configured).</summary>
public sealed class HttpApiTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task A_batch_with_any_invalid_item_is_rejected_whole_with_every_problem_listed()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        var batch = """
            [
              {"id":"ok-1","source":"dns-checker","type":"dns.record.mismatch","subject":"www.example.org","severity":"critical"},
              {"id":7,"type":"dns.record.mismatch","severity":"urgent","time":"yesterday","data":[1]}
            ]
            """;
        using var response = await node.Http.PostAsync(
            "/api/v1/events",
            new StringContent(batch, Encoding.UTF8, "application/json")
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonNode>();
        var problems = body!["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToList();
        Assert.Equal(
            [
                "[1].id: must be a string, not number",
                "[1].source: is required",
                "[1].time: \"yesterday\" is not an RFC 3339 timestamp",
                "[1].severity: \"urgent\" is not one of critical, high, medium, low, info",
                "[1].data: must be a JSON object",
            ],
            problems
        );
        Assert.Null(await node.TryGetAlertAsync("default:dns.record.mismatch:www.example.org"));
    }

    [Fact]
    public async Task A_critical_event_fires_an_alert_whose_deliveries_are_recorded_as_dry_run()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        using var response = await node.Http.PostAsJsonAsync(
            "/api/v1/events",
            new
            {
                id = "http-1",
                source = "health-checker",
                type = "health.check.failed",
                subject = "db-1",
                severity = "critical",
            }
        );

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonNode>())!["accepted"]!.GetValue<int>());

        // 202 means durably recorded: the alert is readable at once.
        var alert = await node.TryGetAlertAsync("default:health.check.failed:db-1");
        Assert.NotNull(alert);
        Assert.Equal("firing", alert["status"]!.GetValue<string>());
        Assert.Equal("critical", alert["severity"]!.GetValue<string>());
        Assert.Equal("health.check.failed on db-1", alert["summary"]!.GetValue<string>());

        await Eventually.HoldsAsync(
            async () =>
            {
                var deliveries = (await node.TryGetAlertAsync("default:health.check.failed:db-1"))![
                    "deliveries"
                ]!.AsArray();
                return deliveries.Count == 2 && deliveries.All(d => d!["status"]!.GetValue<string>() == "dry-run");
            },
            Within,
            "the two trigger deliveries were never recorded as dry-run"
        );
    }

    [Fact]
    public async Task Events_below_the_minimum_severity_alert_nothing_and_an_unknown_alert_is_404()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        using var response = await node.Http.PostAsJsonAsync(
            "/api/v1/events",
            new[]
            {
                new
                {
                    id = "low-1",
                    source = "dhcp-watcher",
                    type = "dhcp.lease.new",
                    subject = "host-1",
                    severity = "medium",
                },
            }
        );

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(1, body["accepted"]!.GetValue<int>());
        Assert.Equal(0, body["alerts"]!.GetValue<int>());
        using var missing = await node.Http.GetAsync("/api/v1/alerts/default%3Adhcp.lease.new%3Ahost-1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Acknowledge_and_resolve_by_API_record_who_and_why()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        await node.Http.PostAsJsonAsync(
            "/api/v1/events",
            new
            {
                id = "ack-1",
                source = "health-checker",
                type = "health.check.failed",
                subject = "db-2",
                severity = "high",
            }
        );
        const string path = "/api/v1/alerts/default%3Ahealth.check.failed%3Adb-2";

        using var acknowledged = await node.Http.PostAsJsonAsync(
            $"{path}/acknowledge",
            new { by = "alice", note = "looking" }
        );
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal(
            "alice",
            (await acknowledged.Content.ReadFromJsonAsync<JsonNode>())!["acknowledged_by"]!.GetValue<string>()
        );

        using var resolved = await node.Http.PostAsJsonAsync(
            $"{path}/resolve",
            new { by = "bob", note = "disk replaced" }
        );
        var alert = (await resolved.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal("resolved", alert["status"]!.GetValue<string>());
        Assert.Equal("bob", alert["resolved_by"]!.GetValue<string>());
        var timeline = alert["timeline"]!.AsArray();
        Assert.Equal(["firing", "acknowledged", "resolved"], timeline.Select(t => t!["change"]!.GetValue<string>()));
        Assert.Equal("disk replaced", timeline[2]!["note"]!.GetValue<string>());

        using var again = await node.Http.PostAsJsonAsync($"{path}/acknowledge", new { by = "carol" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task An_Alertmanager_webhook_fires_and_resolves_alerts_like_any_other_input()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        static string Payload(string status) =>
            $$"""
                {"version":"4","status":"{{status}}","receiver":"alertactors","alerts":[
                  {"status":"{{status}}","labels":{"alertname":"DiskFull","instance":"db-1:9100","severity":"critical"},
                   "annotations":{"summary":"Disk full on db-1"},"startsAt":"2026-11-23T02:58:00Z","endsAt":"2026-11-23T03:10:00Z","fingerprint":"a1b2"}]}
                """;

        using var firing = await node.Http.PostAsync(
            "/api/v1/alertmanager",
            new StringContent(Payload("firing"), Encoding.UTF8, "application/json")
        );
        Assert.Equal(HttpStatusCode.Accepted, firing.StatusCode);
        const string key = "default:DiskFull:{instance=\"db-1:9100\", severity=\"critical\"}";
        var alert = await node.TryGetAlertAsync(key);
        Assert.Equal(
            ("firing", "Disk full on db-1"),
            (alert!["status"]!.GetValue<string>(), alert["summary"]!.GetValue<string>())
        );

        using var resolved = await node.Http.PostAsync(
            "/api/v1/alertmanager",
            new StringContent(Payload("resolved"), Encoding.UTF8, "application/json")
        );
        Assert.Equal(HttpStatusCode.Accepted, resolved.StatusCode);
        Assert.Equal("resolved", (await node.TryGetAlertAsync(key))!["status"]!.GetValue<string>());

        using var invalid = await node.Http.PostAsync(
            "/api/v1/alertmanager",
            new StringContent("""{"version":"3"}""", Encoding.UTF8, "application/json")
        );
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task Two_Alertmanager_alerts_of_one_name_on_one_instance_stay_two_alerts_and_resolve_apart()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        static string Alert(string status, string device) =>
            $$"""
                {"status":"{{status}}","labels":{"alertname":"DiskFull","instance":"h1","device":"{{device}}"},
                 "startsAt":"2026-11-23T02:58:00Z","endsAt":"2026-11-23T03:10:00Z","fingerprint":"fp-{{device}}"}
                """;
        static StringContent Webhook(params string[] alerts) =>
            new(
                $$"""{"version":"4","receiver":"alertactors","alerts":[{{string.Join(",", alerts)}}]}""",
                Encoding.UTF8,
                "application/json"
            );
        const string sda = "default:DiskFull:{device=\"sda\", instance=\"h1\"}",
            sdb = "default:DiskFull:{device=\"sdb\", instance=\"h1\"}";

        using var firing = await node.Http.PostAsync(
            "/api/v1/alertmanager",
            Webhook(Alert("firing", "sda"), Alert("firing", "sdb"))
        );
        Assert.Equal(HttpStatusCode.Accepted, firing.StatusCode);
        using var resolved = await node.Http.PostAsync("/api/v1/alertmanager", Webhook(Alert("resolved", "sda")));
        Assert.Equal(HttpStatusCode.Accepted, resolved.StatusCode);

        Assert.Equal("resolved", (await node.TryGetAlertAsync(sda))!["status"]!.GetValue<string>());
        Assert.Equal("firing", (await node.TryGetAlertAsync(sdb))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_Alertmanager_webhook_of_1200_alerts_is_accepted_and_every_alert_recorded()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        var alerts = string.Join(
            ",",
            Enumerable
                .Range(0, 1200)
                .Select(i =>
                    $$"""{"status":"firing","labels":{"alertname":"RackDown","instance":"h{{i}}"},"startsAt":"2026-11-23T02:58:00Z","fingerprint":"f{{i}}"}"""
                )
        );

        using var response = await node.Http.PostAsync(
            "/api/v1/alertmanager",
            new StringContent(
                $$"""{"version":"4","receiver":"alertactors","alerts":[{{alerts}}]}""",
                Encoding.UTF8,
                "application/json"
            )
        );

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1200, answer["accepted"]!.GetValue<int>());
        Assert.Equal(1200, answer["alerts"]!.GetValue<int>());
        Assert.Equal(
            "firing",
            (await node.TryGetAlertAsync("default:RackDown:{instance=\"h1199\"}"))!["status"]!.GetValue<string>()
        );
    }

    [Fact]
    public async Task An_oversized_alert_in_an_Alertmanager_webhook_is_refused_alone_and_the_others_are_recorded()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        var huge = new string('d', 70_000);
        var body = $$"""
            {"version":"4","receiver":"alertactors","alerts":[
              {"status":"firing","labels":{"alertname":"DiskFull","instance":"ok"},"fingerprint":"f1"},
              {"status":"firing","labels":{"alertname":"DiskFull","instance":"huge"},"annotations":{"description":"{{huge}}"},"fingerprint":"f2"}]}
            """;

        using var response = await node.Http.PostAsync(
            "/api/v1/alertmanager",
            new StringContent(body, Encoding.UTF8, "application/json")
        );

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, answer["accepted"]!.GetValue<int>());
        var refused = Assert.Single(answer["refused"]!.AsArray());
        Assert.StartsWith("alerts[1]: ", refused!.GetValue<string>());
        Assert.Contains("the limit is 65536", refused.GetValue<string>());
        Assert.Equal(
            "firing",
            (await node.TryGetAlertAsync("default:DiskFull:{instance=\"ok\"}"))!["status"]!.GetValue<string>()
        );
        Assert.Null(await node.TryGetAlertAsync("default:DiskFull:{instance=\"huge\"}"));
    }

    [Fact]
    public async Task Readiness_reports_cluster_membership_shard_region_journal_reachability_and_Kafka_assignment()
    {
        await using var node = await TestNode.StartAsync(_directory, "");

        var ready = await node.GetJsonAsync("/readyz");
        using var alive = await node.Http.GetAsync("/healthz");

        Assert.True(ready["ready"]!.GetValue<bool>());
        Assert.Equal(
            [
                "cluster_member_up",
                "cluster_majority_reachable",
                "shard_region_registered",
                "journal_reachable",
                "kafka_partitions_assigned",
            ],
            ready["checks"]!.AsObject().Where(c => c.Value!.GetValue<bool>()).Select(c => c.Key)
        );
        Assert.Empty(ready["failing"]!.AsObject());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("ok\n", await alive.Content.ReadAsStringAsync());
    }

    public void Dispose() => _directory.Dispose();
}
