using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace AlertActors.IntegrationTests;

/// <summary>A rule with <c>providers = [webhook, slack]</c> delivers trigger and resolve to both, in order.</summary>
public sealed class WebhookAndSlackProvidersTests : IDisposable
{
    private const string WebhookPath = "/hooks/alertactors";
    private const string SlackPath = "/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX";
    private const string DedupKey = "to-chat:site-a:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _directory = new();
    private readonly WireMockServer _hooks = WireMockServer.Start();

    public WebhookAndSlackProvidersTests()
    {
        _hooks
            .Given(Request.Create().WithPath(WebhookPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(204));
        _hooks
            .Given(Request.Create().WithPath(SlackPath).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));
    }

    private string Hocon =>
        $$"""
            alertactors {
              webhook { url = {{TestNode.Quote(_hooks.Url + WebhookPath)}}, headers { X-Api-Key = "hook-key-1" } }
              slack { url = {{TestNode.Quote(_hooks.Url + SlackPath)}} }
              delivery { retry-base-delay = 100ms, retry-max-delay = 1s }
              rules = [
                {
                  name = to-chat
                  match { all = [ { field = type, op = eq, value = "dhcp.lease.rogue_mac" } ] }
                  providers = [webhook, slack]
                }
              ]
            }
            """;

    private List<JsonNode> Calls(string path) =>
        _hooks
            .LogEntries.Where(e => e.RequestMessage.Path == path)
            .Select(e => JsonNode.Parse(e.RequestMessage.Body!)!)
            .ToList();

    [Fact]
    public async Task Trigger_and_resolve_reach_the_webhook_and_Slack()
    {
        await using var node = await TestNode.StartAsync(_directory, Hocon);

        using (
            var response = await node.Http.PostAsJsonAsync(
                "/api/v1/events",
                KafkaToProvidersTests.RogueMacEvent("evt-1", "trigger")
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.HoldsAsync(
            () => Calls(WebhookPath).Count >= 1 && Calls(SlackPath).Count >= 1,
            Within,
            "the trigger never reached the webhook and Slack"
        );

        var trigger = Assert.Single(Calls(WebhookPath));
        KafkaToProvidersTests.AssertJson(
            new JsonObject
            {
                ["dedup_key"] = DedupKey,
                ["action"] = "trigger",
                ["summary"] = "Rogue DHCP lease to aa:bb:cc:dd:ee:ff",
                ["severity"] = "critical",
                ["source"] = "dhcp-watcher/site-a",
                ["type"] = "dhcp.lease.rogue_mac",
                ["subject"] = "aa:bb:cc:dd:ee:ff",
                ["tenant"] = "site-a",
                ["timestamp"] = "2026-11-23T03:00:00.000Z",
                ["details"] = new JsonObject
                {
                    ["mac"] = "aa:bb:cc:dd:ee:ff",
                    ["ip"] = "10.0.0.7",
                    ["lease_seconds"] = 3600,
                },
                ["by"] = null,
                ["note"] = null,
                ["rule"] = "to-chat",
                ["escalation_step"] = null,
            },
            trigger
        );
        var webhookRequest = _hooks.LogEntries.First(e => e.RequestMessage.Path == WebhookPath).RequestMessage;
        Assert.Equal("hook-key-1", webhookRequest.Headers!["X-Api-Key"].Single());
        Assert.StartsWith("application/json", webhookRequest.Headers!["Content-Type"].Single());

        var slack = Assert.Single(Calls(SlackPath));
        Assert.Equal(
            $":red_circle: *CRITICAL* Rogue DHCP lease to aa:bb:cc:dd:ee:ff ({DedupKey})",
            slack["text"]!.GetValue<string>()
        );
        Assert.Equal(2, slack["blocks"]!.AsArray().Count);

        using (
            var response = await node.Http.PostAsJsonAsync(
                "/api/v1/events",
                KafkaToProvidersTests.RogueMacEvent("evt-2", "resolve")
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.HoldsAsync(
            () => Calls(WebhookPath).Count >= 2 && Calls(SlackPath).Count >= 2,
            Within,
            "the resolve never reached the webhook and Slack"
        );

        var resolve = Calls(WebhookPath)[1];
        Assert.Equal("resolve", resolve["action"]!.GetValue<string>());
        Assert.Equal("event:dhcp-watcher/site-a", resolve["by"]!.GetValue<string>());
        Assert.StartsWith(
            ":white_check_mark: *Resolved* by event:dhcp-watcher/site-a:",
            Calls(SlackPath)[1]["text"]!.GetValue<string>()
        );

        JsonNode? alert = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                alert = await node.TryGetAlertAsync(DedupKey);
                return alert?["deliveries"]?.AsArray() is { Count: 4 } deliveries
                    && deliveries.All(d => d!["status"]!.GetValue<string>() == "delivered");
            },
            Within,
            "the alert never showed four delivered deliveries"
        );
        Assert.Equal(
            ["slack", "webhook"],
            alert!["deliveries"]!.AsArray().Select(d => d!["provider"]!.GetValue<string>()).Distinct().Order()
        );
    }

    public void Dispose()
    {
        _hooks.Stop();
        _directory.Dispose();
    }
}
