using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AlertActors.Host.Api;
using AlertActors.Host.Application;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

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

    [Theory]
    [InlineData(1420452224764002246, 1420452224764)] // updatedAt: nanoseconds
    [InlineData(1420452191104, 1420452191104)] // createdAt: milliseconds
    [InlineData(1420452191104000, 1420452191104)] // microseconds
    [InlineData(1420452191, 1420452191000)] // seconds
    [InlineData(-5, 0)]
    public void OpsGenie_epoch_times_are_read_in_their_unit(long epoch, long expectedMilliseconds) =>
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expectedMilliseconds), OpsGenieWebhookReader.Time(epoch));

    [Fact]
    public async Task A_pagerduty_event_with_a_malformed_time_is_refused()
    {
        await using var node = await TestNode.StartAsync(_directory, Hocon);
        var body = PagerDutyEvent("incident.resolved", DedupKey, agent: "x")
            .Replace("\"occurred_at\":\"", "\"occurred_at\":\"yesterday ", StringComparison.Ordinal);
        using var response = await PostPagerDutyAsync(node, body, Sign(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void Signature_check_accepts_any_matching_v1_and_nothing_else()
    {
        var body = Encoding.UTF8.GetBytes("""{"event":{"event_type":"pagey.ping"}}""");
        var good = ProviderWebhooksEndpoints.PagerDutySignature(body, Secret);

        Assert.Matches("^v1=[0-9a-f]{64}$", good);
        Assert.True(ProviderWebhooksEndpoints.PagerDutySignatureValid(body, good, Secret));
        Assert.True(
            ProviderWebhooksEndpoints.PagerDutySignatureValid(
                body,
                $"v1=zz,{good.ToUpperInvariant().Replace("V1=", "v1=")}",
                Secret
            )
        );
        Assert.False(ProviderWebhooksEndpoints.PagerDutySignatureValid(body, "", Secret));
        Assert.False(ProviderWebhooksEndpoints.PagerDutySignatureValid(body, good["v1=".Length..], Secret));
        Assert.False(ProviderWebhooksEndpoints.PagerDutySignatureValid(body, "v2=" + good["v1=".Length..], Secret));
        Assert.False(ProviderWebhooksEndpoints.PagerDutySignatureValid(body, good, "other-secret"));
        Assert.False(ProviderWebhooksEndpoints.PagerDutySignatureValid([.. body, (byte)' '], good, Secret));
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

    private static async Task<HttpResponseMessage> PostPagerDutyAsync(TestNode node, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ProviderWebhooksEndpoints.PagerDutyPath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
            request.Headers.Add(ProviderWebhooksEndpoints.PagerDutySignatureHeader, signature);
        return await node.Http.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PostOpsGenieAsync(TestNode node, string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ProviderWebhooksEndpoints.OpsGeniePath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
            request.Headers.Add(ProviderWebhooksEndpoints.OpsGenieTokenHeader, token);
        return await node.Http.SendAsync(request);
    }

    /// <summary>A PagerDuty V3 webhook body as PagerDuty sends it (trimmed of fields AlertActors does not read); a new
    /// event id and now by default.</summary>
    private static string PagerDutyEvent(
        string eventType,
        string incidentKey,
        string agent,
        string? id = null,
        DateTimeOffset? occurredAt = null
    ) =>
        new JsonObject
        {
            ["event"] = new JsonObject
            {
                ["id"] = id ?? Guid.NewGuid().ToString("N").ToUpperInvariant()[..26],
                ["event_type"] = eventType,
                ["resource_type"] = "incident",
                ["occurred_at"] = (occurredAt ?? DateTimeOffset.UtcNow).ToString(
                    "yyyy-MM-ddTHH:mm:ss.fffZ",
                    System.Globalization.CultureInfo.InvariantCulture
                ),
                ["agent"] = new JsonObject
                {
                    ["html_url"] = "https://acme.pagerduty.com/users/PLH1HKV",
                    ["id"] = "PLH1HKV",
                    ["self"] = "https://api.pagerduty.com/users/PLH1HKV",
                    ["summary"] = agent,
                    ["type"] = "user_reference",
                },
                ["client"] = null,
                ["data"] = new JsonObject
                {
                    ["id"] = "PGR0VU2",
                    ["type"] = "incident",
                    ["self"] = "https://api.pagerduty.com/incidents/PGR0VU2",
                    ["html_url"] = "https://acme.pagerduty.com/incidents/PGR0VU2",
                    ["number"] = 2,
                    ["status"] = eventType == "incident.resolved" ? "resolved" : "acknowledged",
                    ["incident_key"] = incidentKey,
                    ["created_at"] = "2026-11-23T03:00:01Z",
                    ["title"] = "Rogue DHCP lease to aa:bb:cc:dd:ee:ff",
                    ["urgency"] = "high",
                },
            },
        }.ToJsonString();

    /// <summary>An OpsGenie webhook-integration body (trimmed); <c>updatedAt</c> (the action's time, in nanoseconds) is
    /// now by default.</summary>
    private static string OpsGenieEvent(
        string action,
        string alias,
        string username,
        string alertId = "70413a06-38d6-4c85-92b8-5ebc900d42e2",
        DateTimeOffset? updatedAt = null
    ) =>
        new JsonObject
        {
            ["action"] = action,
            ["alert"] = new JsonObject
            {
                ["alertId"] = alertId,
                ["updatedAt"] = (updatedAt ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds() * 1_000_000 + 2246,
                ["message"] = "Rogue DHCP lease to aa:bb:cc:dd:ee:ff",
                ["tags"] = new JsonArray("alertactors"),
                ["tinyId"] = "1791",
                ["entity"] = "aa:bb:cc:dd:ee:ff",
                ["alias"] = alias,
                ["createdAt"] = 1795000000000,
                ["username"] = username,
                ["userId"] = "daed1180-0ce8-438b-8f8e-57e1a5920a2d",
            },
            ["source"] = new JsonObject { ["name"] = "", ["type"] = "web" },
            ["integrationName"] = "AlertActors webhook",
            ["integrationType"] = "Webhook",
        }.ToJsonString();

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
