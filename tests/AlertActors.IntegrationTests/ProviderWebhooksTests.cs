using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AlertActors.Host.Api;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

using static AlertActors.IntegrationTests.ProviderWebhookRequests;

/// <summary>
/// Two-way sync end to end: a change made in PagerDuty or OpsGenie arrives as a webhook, changes the alert,
/// and is forwarded to the other provider but never echoed back to the one it came from.
/// </summary>
public sealed class ProviderWebhooksTests : IDisposable
{
    private const string DedupKey = "site-a:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff";
    private const string Secret = "pd-webhook-secret-0123456789";
    private const string Token = "og-webhook-token-0123456789";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    private string Hocon =>
        $$"""
            {{_providers.Hocon}}
            alertactors.pagerduty.webhook-secret = {{TestNode.Quote(Secret)}}
            alertactors.opsgenie.webhook-token = {{TestNode.Quote(Token)}}
            """;

    [Fact]
    public async Task PagerDuty_acknowledge_reaches_OpsGenie_only_and_OpsGenie_close_reaches_PagerDuty_only()
    {
        await using var node = await TestNode.StartAsync(_directory, Hocon);
        await TriggerAsync(node);

        // A bad or missing signature changes nothing.
        var acknowledged = PagerDutyEvent("incident.acknowledged", DedupKey, agent: "Tenex Engineer");
        using (
            var forged = await PostPagerDutyAsync(
                node,
                acknowledged,
                ProviderWebhooksEndpoints.PagerDutySignature(Encoding.UTF8.GetBytes(acknowledged), "wrong-secret")
            )
        )
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        using (var unsigned = await PostPagerDutyAsync(node, acknowledged, signature: null))
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        var unchanged = await node.TryGetAlertAsync(DedupKey);
        Assert.Equal("firing", unchanged!["status"]!.GetValue<string>());
        Assert.Equal(2, unchanged["deliveries"]!.AsArray().Count);

        // Signed (next to a stale signature, as during a secret rotation): acknowledged by the PagerDuty agent.
        var signature =
            $"v1={new string('0', 64)}, {ProviderWebhooksEndpoints.PagerDutySignature(Encoding.UTF8.GetBytes(acknowledged), Secret)}";
        using (var response = await PostPagerDutyAsync(node, acknowledged, signature))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var result = await response.Content.ReadFromJsonAsync<JsonNode>();
            Assert.Equal("acknowledged", result!["result"]!.GetValue<string>());
            Assert.Equal("acknowledged", result["status"]!.GetValue<string>());
        }
        var alert = await KafkaToProvidersTests.WaitForAllDeliveredAsync(node, expected: 3);
        Assert.Equal("acknowledged", alert["status"]!.GetValue<string>());
        Assert.Equal("Tenex Engineer", alert["acknowledged_by"]!.GetValue<string>());

        var opsGenieAck = Assert.Single(
            _providers.OpsGenieCalls,
            c => c.RequestMessage.Path.EndsWith("/acknowledge", StringComparison.Ordinal)
        );
        Assert.Equal($"/v2/alerts/{DedupKey}/acknowledge", Uri.UnescapeDataString(opsGenieAck.RequestMessage.Path));
        Assert.Equal("Tenex Engineer", ProviderStubs.BodyOf(opsGenieAck)["user"]!.GetValue<string>());
        Assert.DoesNotContain(
            _providers.PagerDutyCalls,
            c => ProviderStubs.BodyOf(c)["event_action"]!.GetValue<string>() == "acknowledge"
        );

        // OpsGenie closes it: resolved, PagerDuty is told, OpsGenie is not told again.
        using (
            var wrongToken = await PostOpsGenieAsync(
                node,
                OpsGenieEvent("Close", DedupKey, "bob@example.org"),
                token: "nope"
            )
        )
            Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        using (var response = await PostOpsGenieAsync(node, OpsGenieEvent("Close", DedupKey, "bob@example.org"), Token))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(
                "resolved",
                (await response.Content.ReadFromJsonAsync<JsonNode>())!["status"]!.GetValue<string>()
            );
        }
        alert = await KafkaToProvidersTests.WaitForAllDeliveredAsync(node, expected: 4);
        Assert.Equal("resolved", alert["status"]!.GetValue<string>());
        Assert.Equal("bob@example.org", alert["resolved_by"]!.GetValue<string>());

        Assert.Equal(
            ["trigger", "resolve"],
            _providers.PagerDutyCalls.Select(c => ProviderStubs.BodyOf(c)["event_action"]!.GetValue<string>())
        );
        Assert.Equal(DedupKey, ProviderStubs.BodyOf(_providers.PagerDutyCalls[1])["dedup_key"]!.GetValue<string>());
        Assert.Equal(2, _providers.OpsGenieCalls.Count);
        Assert.DoesNotContain(
            _providers.OpsGenieCalls,
            c => c.RequestMessage.Path.EndsWith("/close", StringComparison.Ordinal)
        );

        // PagerDuty's own resolved webhook (after our resolve) changes nothing more.
        var resolved = PagerDutyEvent("incident.resolved", DedupKey, agent: "Tenex Engineer");
        using (
            var echo = await PostPagerDutyAsync(
                node,
                resolved,
                ProviderWebhooksEndpoints.PagerDutySignature(Encoding.UTF8.GetBytes(resolved), Secret)
            )
        )
            Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
        alert = await KafkaToProvidersTests.WaitForAllDeliveredAsync(node, expected: 4);
        Assert.Equal("bob@example.org", alert["resolved_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Other_events_unknown_alerts_and_bad_bodies_are_answered_without_changes()
    {
        await using var node = await TestNode.StartAsync(_directory, Hocon);
        await TriggerAsync(node);

        var triggered = PagerDutyEvent("incident.triggered", DedupKey, agent: "someone");
        using (var response = await PostPagerDutyAsync(node, triggered, Sign(triggered)))
            await AssertIgnoredAsync(response, "incident.triggered");

        var unknown = PagerDutyEvent("incident.acknowledged", "no-such-key", agent: "someone");
        using (var response = await PostPagerDutyAsync(node, unknown, Sign(unknown)))
            await AssertIgnoredAsync(response, "no alert with dedup key no-such-key");

        const string notJson = "{\"event\": ";
        using (var response = await PostPagerDutyAsync(node, notJson, Sign(notJson)))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);

        using (var response = await PostOpsGenieAsync(node, OpsGenieEvent("AddNote", DedupKey, "bob"), Token))
            await AssertIgnoredAsync(response, "AddNote");
        using (var response = await PostOpsGenieAsync(node, "not json", Token))
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using (var response = await PostOpsGenieAsync(node, OpsGenieEvent("Close", DedupKey, "bob"), token: null))
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        // The token may also come as ?token= (for senders that cannot set headers).
        using (
            var content = new StringContent(
                OpsGenieEvent("Acknowledge", DedupKey, "carol"),
                Encoding.UTF8,
                "application/json"
            )
        )
        using (
            var response = await node.Http.PostAsync(
                $"{ProviderWebhooksEndpoints.OpsGeniePath}?token={Uri.EscapeDataString(Token)}",
                content
            )
        )
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var alert = await KafkaToProvidersTests.WaitForAllDeliveredAsync(node, expected: 3);
        Assert.Equal("acknowledged", alert["status"]!.GetValue<string>());
        Assert.Equal("carol", alert["acknowledged_by"]!.GetValue<string>());
        Assert.Equal(
            ["trigger", "acknowledge"],
            _providers.PagerDutyCalls.Select(c => ProviderStubs.BodyOf(c)["event_action"]!.GetValue<string>())
        );
    }

    [Fact]
    public async Task A_replayed_webhook_does_not_change_a_later_firing_period()
    {
        await using var node = await TestNode.StartAsync(_directory, Hocon);
        await TriggerAsync(node);

        // PagerDuty resolves the first period.
        var oldResolve = PagerDutyEvent("incident.resolved", DedupKey, agent: "Old Resolver");
        using (var response = await PostPagerDutyAsync(node, oldResolve, Sign(oldResolve)))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("resolved", (await node.TryGetAlertAsync(DedupKey))!["status"]!.GetValue<string>());

        // The condition returns: a new firing period.
        using (
            var again = await node.Http.PostAsJsonAsync(
                "/api/v1/events",
                KafkaToProvidersTests.RogueMacEvent("evt-2", "trigger")
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(2, (await node.TryGetAlertAsync(DedupKey))!["firing_period"]!.GetValue<int>());

        // The same signed body, sent again: ignored. So is another PagerDuty event about the old incident (it happened
        // before).
        using (var replay = await PostPagerDutyAsync(node, oldResolve, Sign(oldResolve)))
            await AssertIgnoredAsync(replay, "was already applied");
        var late = PagerDutyEvent(
            "incident.acknowledged",
            DedupKey,
            agent: "Old Resolver",
            occurredAt: DateTimeOffset.UtcNow.AddMinutes(-10)
        );
        using (var response = await PostPagerDutyAsync(node, late, Sign(late)))
            await AssertIgnoredAsync(response, "before the current period");

        // OpsGenie, whose token is static, gets the same rules: its close resolves, its replay after the next period
        // does not.
        var close = OpsGenieEvent("Close", DedupKey, "carol", alertId: "og-alert-2");
        using (var response = await PostOpsGenieAsync(node, close, Token))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (
            var again = await node.Http.PostAsJsonAsync(
                "/api/v1/events",
                KafkaToProvidersTests.RogueMacEvent("evt-3", "trigger")
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        using (var replay = await PostOpsGenieAsync(node, close, Token))
            await AssertIgnoredAsync(replay, "was already applied");

        var alert = (await node.TryGetAlertAsync(DedupKey))!;
        Assert.Equal("firing", alert["status"]!.GetValue<string>());
        Assert.Equal(3, alert["firing_period"]!.GetValue<int>());
        Assert.Equal("firing", alert["timeline"]!.AsArray()[^1]!["change"]!.GetValue<string>());
        Assert.Equal(
            ["firing", "resolved", "firing", "resolved", "firing"],
            alert["timeline"]!.AsArray().Select(t => t!["change"]!.GetValue<string>())
        );

        // A genuine change of the current period still applies.
        var ack = PagerDutyEvent("incident.acknowledged", DedupKey, agent: "New Responder");
        using (var response = await PostPagerDutyAsync(node, ack, Sign(ack)))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("New Responder", (await node.TryGetAlertAsync(DedupKey))!["acknowledged_by"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pagerduty_event_with_a_malformed_time_is_refused()
    {
        await using var node = await TestNode.StartAsync(_directory, Hocon);
        var body = PagerDutyEvent("incident.resolved", DedupKey, agent: "x")
            .Replace("\"occurred_at\":\"", "\"occurred_at\":\"yesterday ", StringComparison.Ordinal);
        using var response = await PostPagerDutyAsync(node, body, Sign(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task TriggerAsync(TestNode node)
    {
        using var response = await node.Http.PostAsJsonAsync(
            "/api/v1/events",
            KafkaToProvidersTests.RogueMacEvent("evt-1", "trigger")
        );
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await KafkaToProvidersTests.WaitForAllDeliveredAsync(node, expected: 2);
        Assert.Single(_providers.PagerDutyCalls);
        Assert.Single(_providers.OpsGenieCalls);
    }

    private static async Task AssertIgnoredAsync(HttpResponseMessage response, string noteContains)
    {
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonNode>();
        Assert.Equal("ignored", result!["result"]!.GetValue<string>());
        Assert.Contains(noteContains, result["note"]!.GetValue<string>());
    }

    private static string Sign(string body) =>
        ProviderWebhooksEndpoints.PagerDutySignature(Encoding.UTF8.GetBytes(body), Secret);

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
