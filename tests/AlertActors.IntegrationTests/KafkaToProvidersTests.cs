using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// The walking skeleton end to end: a node started as Program.cs starts it, its embedded Kafka broker fed
/// over TCP like kcat would, WireMock standing in for PagerDuty and OpsGenie, and a restart on the same journal.
/// </summary>
public sealed class KafkaToProvidersTests : IDisposable
{
    private const string DedupKey = "site-a:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    [Fact]
    public async Task Trigger_repeat_and_resolve_from_Kafka_reach_PagerDuty_and_OpsGenie_exactly_once_and_survive_a_restart()
    {
        await using (var node = await TestNode.StartAsync(_directory, _providers.Hocon))
        {
            var info = await node.GetJsonAsync("/api/v1/info");
            Assert.True(info["kafka"]!["embedded"]!.GetValue<bool>());
            using var kafka = new KafkaTestClient(info["kafka"]!["bootstrap_servers"]!.GetValue<string>());

            await kafka.ProduceAsync("infra-events", RogueMacEvent("evt-1", "trigger"), key: "aa:bb:cc:dd:ee:ff");
            await Eventually.HoldsAsync(
                () => _providers.PagerDutyCalls.Count >= 1 && _providers.OpsGenieCalls.Count >= 1,
                Within,
                "the trigger never reached both providers"
            );

            var pagerDutyTrigger = Assert.Single(_providers.PagerDutyCalls);
            Assert.Equal("/v2/enqueue", pagerDutyTrigger.RequestMessage.Path);
            AssertJson(ExpectedPagerDutyTrigger(), ProviderStubs.BodyOf(pagerDutyTrigger));

            var opsGenieCreate = Assert.Single(_providers.OpsGenieCalls);
            Assert.Equal("/v2/alerts", opsGenieCreate.RequestMessage.Path);
            Assert.Equal(
                $"GenieKey {ProviderStubs.ApiKey}",
                opsGenieCreate.RequestMessage.Headers!["Authorization"].Single()
            );
            AssertJson(ExpectedOpsGenieCreate(), ProviderStubs.BodyOf(opsGenieCreate));

            // A repeat of a firing key is counted but notifies nothing; a redelivered event id is dropped.
            await kafka.ProduceAsync("infra-events", RogueMacEvent("evt-2", "trigger"), key: "aa:bb:cc:dd:ee:ff");
            await kafka.ProduceAsync("infra-events", RogueMacEvent("evt-2", "trigger"), key: "aa:bb:cc:dd:ee:ff");
            await kafka.ProduceAsync("infra-events", RogueMacEvent("evt-3", "resolve"), key: "aa:bb:cc:dd:ee:ff");
            await Eventually.HoldsAsync(
                () => _providers.PagerDutyCalls.Count >= 2 && _providers.OpsGenieCalls.Count >= 2,
                Within,
                "the resolve never reached both providers"
            );

            var pagerDutyResolve = _providers.PagerDutyCalls[1];
            AssertJson(
                new JsonObject
                {
                    ["routing_key"] = ProviderStubs.RoutingKey,
                    ["event_action"] = "resolve",
                    ["dedup_key"] = DedupKey,
                },
                ProviderStubs.BodyOf(pagerDutyResolve)
            );

            var opsGenieClose = _providers.OpsGenieCalls[1];
            Assert.Equal($"/v2/alerts/{DedupKey}/close", Uri.UnescapeDataString(opsGenieClose.RequestMessage.Path));
            Assert.Equal("alias", opsGenieClose.RequestMessage.Query!["identifierType"].Single());
            AssertJson(
                new JsonObject { ["user"] = "event:dhcp-watcher/site-a", ["source"] = "AlertActors" },
                ProviderStubs.BodyOf(opsGenieClose)
            );

            var alert = await WaitForAllDeliveredAsync(node, expected: 4);
            Assert.Equal("resolved", alert["status"]!.GetValue<string>());
            Assert.Equal(2, alert["occurrences"]!.GetValue<long>());
        }

        // Restart on the same journal: the alert is still there, and nothing is sent again.
        await using (var restarted = await TestNode.StartAsync(_directory, _providers.Hocon))
        {
            var alert = await restarted.TryGetAlertAsync(DedupKey);
            Assert.NotNull(alert);
            Assert.Equal("resolved", alert["status"]!.GetValue<string>());
            Assert.Equal(2, alert["occurrences"]!.GetValue<long>());
            Assert.All(
                alert["deliveries"]!.AsArray(),
                d => Assert.Equal("delivered", d!["status"]!.GetValue<string>())
            );
            Assert.Equal(
                ["firing", "resolved"],
                alert["timeline"]!.AsArray().Select(t => t!["change"]!.GetValue<string>())
            );

            await Eventually.HoldsAsync(
                async () =>
                    (await restarted.GetJsonAsync("/api/v1/alerts?status=resolved"))["alerts"]!
                        .AsArray()
                        .Any(a => a!["dedup_key"]!.GetValue<string>() == DedupKey),
                Within,
                "the restarted node never listed the alert"
            );
            Assert.Equal(2, _providers.PagerDutyCalls.Count);
            Assert.Equal(2, _providers.OpsGenieCalls.Count);
        }
    }

    [Fact]
    public async Task Invalid_Kafka_messages_go_to_the_dead_letter_topic_with_the_reason_and_the_stream_continues()
    {
        await using var node = await TestNode.StartAsync(_directory, _providers.Hocon);
        var info = await node.GetJsonAsync("/api/v1/info");
        using var kafka = new KafkaTestClient(info["kafka"]!["bootstrap_servers"]!.GetValue<string>());

        await kafka.ProduceRawAsync("infra-events", "this is not json"u8.ToArray(), key: "k");
        await kafka.ProduceAsync(
            "infra-events",
            new
            {
                id = "bad-1",
                source = "s",
                type = "t",
                severity = "urgent",
            },
            key: "k"
        );
        await kafka.ProduceAsync("infra-events", RogueMacEvent("good-1", "trigger"), key: "k");

        await Eventually.HoldsAsync(
            async () => await node.TryGetAlertAsync(DedupKey) is not null,
            Within,
            "the valid event after two poison messages was never processed"
        );
        var dead = kafka.Read("infra-events.dlq", 2, Within);
        Assert.Equal(2, dead.Count);
        Assert.Equal("this is not json", dead[0].Value);
        Assert.StartsWith("body is not valid JSON", dead[0].Headers["dlq-reason"]);
        Assert.Equal("infra-events", dead[0].Headers["dlq-source-topic"]);
        Assert.Contains("severity: \"urgent\" is not one of", dead[1].Headers["dlq-reason"]);
        Assert.Equal(dead[0].Headers["dlq-source-partition"], dead[1].Headers["dlq-source-partition"]);
        Assert.Equal(
            long.Parse(dead[0].Headers["dlq-source-offset"]) + 1,
            long.Parse(dead[1].Headers["dlq-source-offset"])
        );
    }

    internal static object RogueMacEvent(string id, string action) =>
        new
        {
            specversion = "1.0",
            id,
            source = "dhcp-watcher/site-a",
            type = "dhcp.lease.rogue_mac",
            time = "2026-11-23T03:00:00Z",
            subject = "aa:bb:cc:dd:ee:ff",
            severity = "critical",
            tenant = "site-a",
            action,
            summary = "Rogue DHCP lease to aa:bb:cc:dd:ee:ff",
            data = new
            {
                mac = "aa:bb:cc:dd:ee:ff",
                ip = "10.0.0.7",
                lease_seconds = 3600,
            },
        };

    private static JsonObject ExpectedPagerDutyTrigger() =>
        new()
        {
            ["routing_key"] = ProviderStubs.RoutingKey,
            ["event_action"] = "trigger",
            ["dedup_key"] = DedupKey,
            ["payload"] = new JsonObject
            {
                ["summary"] = "Rogue DHCP lease to aa:bb:cc:dd:ee:ff",
                ["source"] = "dhcp-watcher/site-a",
                ["severity"] = "critical",
                ["timestamp"] = "2026-11-23T03:00:00.000Z",
                ["component"] = "aa:bb:cc:dd:ee:ff",
                ["group"] = "site-a",
                ["class"] = "dhcp.lease.rogue_mac",
                ["custom_details"] = new JsonObject
                {
                    ["mac"] = "aa:bb:cc:dd:ee:ff",
                    ["ip"] = "10.0.0.7",
                    ["lease_seconds"] = 3600,
                },
            },
        };

    private static JsonObject ExpectedOpsGenieCreate() =>
        new()
        {
            ["message"] = "Rogue DHCP lease to aa:bb:cc:dd:ee:ff",
            ["alias"] = DedupKey,
            ["description"] =
                "Rogue DHCP lease to aa:bb:cc:dd:ee:ff\n\ntype: dhcp.lease.rogue_mac\nsubject: aa:bb:cc:dd:ee:ff\ntenant: site-a\nseverity: critical\ndedup key: "
                + DedupKey,
            ["priority"] = "P1",
            ["tags"] = new JsonArray("alertactors", "severity:critical", "tenant:site-a", "dhcp.lease.rogue_mac"),
            ["details"] = new JsonObject
            {
                ["mac"] = "aa:bb:cc:dd:ee:ff",
                ["ip"] = "10.0.0.7",
                ["lease_seconds"] = "3600",
                ["dedup_key"] = DedupKey,
            },
            ["entity"] = "aa:bb:cc:dd:ee:ff",
            ["source"] = "dhcp-watcher/site-a",
        };

    internal static void AssertJson(JsonNode expected, JsonNode actual) =>
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"expected {expected.ToJsonString()}\n  actual {actual.ToJsonString()}"
        );

    internal static async Task<JsonNode> WaitForAllDeliveredAsync(TestNode node, int expected)
    {
        JsonNode? alert = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                alert = await node.TryGetAlertAsync(DedupKey);
                var deliveries = alert?["deliveries"]?.AsArray();
                return deliveries is not null
                    && deliveries.Count == expected
                    && deliveries.All(d => d!["status"]!.GetValue<string>() != "pending");
            },
            Within,
            $"the alert never showed {expected} completed deliveries"
        );
        return alert!;
    }

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
