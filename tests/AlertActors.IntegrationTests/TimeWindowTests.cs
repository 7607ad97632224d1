using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Time windows end to end (README "Time windows"): a rule's active-during judged at the event's time on a node, and a
/// route's mute-during that holds a page across a kill -9 of the node and releases it when the window ends.
/// </summary>
public sealed class TimeWindowTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    [Fact]
    public async Task An_event_outside_the_rule_s_window_alerts_nothing_is_answered_rule_inactive_and_counted()
    {
        await using var node = await TestNode.StartAsync(
            _directory,
            _providers.Hocon
                + """

                alertactors {
                  time-intervals.business-hours { weekdays = ["monday:friday"], times = ["09:00-17:00"], location = "Europe/Berlin" }
                  rules = [ { name = office, active-during = [business-hours], dedup-key = "office:{subject}" } ]
                }
                """
        );

        // Monday 2026-03-02 10:00 in Berlin is inside; Saturday 03-07 10:00 is not.
        var answer = await PostAsync(
            node.Http,
            Event("in", "db-1", "2026-03-02T10:00:00+01:00"),
            Event("out", "db-2", "2026-03-07T10:00:00+01:00")
        );

        var events = answer["events"]!.AsArray();
        Assert.Equal("recorded", events[0]!["outcome"]!.GetValue<string>());
        Assert.Equal("rule_inactive", events[1]!["outcome"]!.GetValue<string>());
        Assert.StartsWith("office: rule inactive:", events[1]!["reason"]!.GetValue<string>());
        Assert.Equal(2, answer["accepted"]!.GetValue<int>());
        Assert.NotNull(await node.TryGetAlertAsync("office:db-1"));
        Assert.Null(await node.TryGetAlertAsync("office:db-2"));
        var metrics = await node.Http.GetStringAsync("/metrics");
        Assert.Contains(
            metrics.Split('\n'),
            line =>
                line.StartsWith("alertactors_rule_inactive_events_total{", StringComparison.Ordinal)
                && line.Contains("rule=\"office\"", StringComparison.Ordinal)
                && line.EndsWith("} 1", StringComparison.Ordinal)
        );
    }

    [Fact]
    public async Task A_page_muted_when_the_node_dies_goes_out_once_after_restart_when_the_window_ends()
    {
        // A window of whole minutes (the configuration's unit) that is open now and ends at least 20 s from now.
        var now = DateTimeOffset.UtcNow;
        var end = now.AddSeconds(20);
        end = new DateTimeOffset(end.Year, end.Month, end.Day, end.Hour, end.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        var startMinute = Math.Max(0, (int)(end - end.Date).TotalMinutes - 5);
        var endClock = end.TimeOfDay == TimeSpan.Zero ? "24:00" : end.ToString("HH:mm", CultureInfo.InvariantCulture);
        var hocon =
            _providers.Hocon
            + $$"""

                alertactors {
                  time-intervals.maintenance-window { times = ["{{startMinute / 60:00}}:{{startMinute
                    % 60:00}}-{{endClock}}"] }
                  rules = [ { name = nightly, dedup-key = "nightly:{subject}", route { mute-during = [maintenance-window] } } ]
                }
                """;
        const string DedupKey = "nightly:db-9";

        await using (var node = await NodeProcess.StartAsync(_directory, hocon))
        {
            await AlertApi.PostCriticalAsync(node.Http, "mute-1", "db-9");
            var muted = (await AlertApi.TryGetAsync(node.Http, DedupKey))!;
            Assert.Equal("firing", muted["status"]!.GetValue<string>());
            Assert.Equal("maintenance-window", muted["muted_by"]!.GetValue<string>());
            Assert.Equal(end, muted["muted_until"]!.GetValue<DateTimeOffset>());
            await node.KillAsync();
        }
        Assert.Empty(_providers.PagerDutyCalls);
        Assert.Empty(_providers.OpsGenieCalls);

        // Nobody touches the alert after the restart: the due-alert scheduler wakes it at the window's end.
        await using var restarted = await NodeProcess.StartAsync(_directory, hocon);
        await Eventually.HoldsAsync(
            () => _providers.PagerDutyCalls.Count >= 1 && _providers.OpsGenieCalls.Count >= 1,
            end - DateTimeOffset.UtcNow + Within,
            "the muted page never went out after the window ended"
        );

        Assert.Equal("trigger", ProviderStubs.BodyOf(_providers.PagerDutyCalls[0])["event_action"]!.GetValue<string>());
        var alert = (await AlertApi.TryGetAsync(restarted.Http, DedupKey))!;
        Assert.Null(alert["muted_by"]);
        var timeline = alert["timeline"]!.AsArray().Select(e => e!["change"]!.GetValue<string>()).ToList();
        Assert.Equal(["firing", "muted", "released"], timeline);
        await Eventually.HoldsAsync(
            async () => AlertApi.AllDelivered(await AlertApi.TryGetAsync(restarted.Http, DedupKey), expected: 2),
            Within,
            "the released page was never confirmed"
        );
        Assert.Single(_providers.PagerDutyCalls);
    }

    private static object Event(string id, string subject, string time) =>
        new
        {
            id,
            source = "health-checker",
            type = "health.check.failed",
            subject,
            severity = "critical",
            time,
        };

    private static async Task<JsonNode> PostAsync(HttpClient http, params object[] events)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/events", events);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
