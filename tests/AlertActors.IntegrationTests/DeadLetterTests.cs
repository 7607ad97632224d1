using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Dead letters end to end: PagerDuty refuses a trigger for good (400), the delivery shows up on
/// <c>GET /api/v1/deliveries/dead</c> with PagerDuty's reason, an operator retries it once PagerDuty accepts
/// again, and it is delivered exactly once more.
/// </summary>
public sealed class DeadLetterTests : IDisposable
{
    private const string DedupKey = "default:health.check.failed:db-dlq";
    private const string PagerDutyError = "Length of 'routing_key' is incorrect (should be 32 characters)";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    [Fact]
    public async Task A_trigger_PagerDuty_refuses_is_listed_dead_with_the_reason_and_a_retry_delivers_it_once()
    {
        PagerDutyAnswers(
            400,
            new
            {
                status = "invalid event",
                message = "Event object is invalid",
                errors = new[] { PagerDutyError },
            }
        );
        await using var node = await TestNode.StartAsync(_directory, _providers.Hocon);

        using (
            var posted = await node.Http.PostAsJsonAsync(
                "/api/v1/events",
                new
                {
                    id = "dlq-1",
                    source = "health-checker",
                    type = "health.check.failed",
                    subject = "db-dlq",
                    severity = "critical",
                }
            )
        )
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        JsonNode? dead = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                var list = await node.GetJsonAsync("/api/v1/deliveries/dead");
                dead = list["deliveries"]!
                    .AsArray()
                    .SingleOrDefault(d => d!["dedup_key"]!.GetValue<string>() == DedupKey);
                return dead is not null;
            },
            Within,
            "the refused PagerDuty trigger never showed up on the dead-letter list"
        );

        var page = await node.GetJsonAsync("/api/v1/deliveries/dead");
        Assert.Equal(1, page["total"]!.GetValue<long>());
        Assert.Equal("pagerduty", dead!["provider"]!.GetValue<string>());
        Assert.Equal("trigger", dead["action"]!.GetValue<string>());
        Assert.Equal(1, dead["attempts"]!.GetValue<int>());
        Assert.Equal("firing", dead["alert_status"]!.GetValue<string>());
        Assert.StartsWith("HTTP 400: ", dead["detail"]!.GetValue<string>());
        Assert.Contains(PagerDutyError, dead["detail"]!.GetValue<string>());
        Assert.NotNull(dead["created_at"]);
        Assert.NotNull(dead["completed_at"]);
        var id = dead["id"]!.GetValue<string>();
        var number = dead["number"]!.GetValue<long>();
        Assert.Matches(@"^[A-Za-z0-9_-]+\.[0-9]+$", id);
        Assert.EndsWith($".{number}", id);
        Assert.Single(_providers.PagerDutyCalls); // a permanent refusal is not retried

        PagerDutyAnswers(202, new { status = "success", message = "Event processed" });
        using (
            var retried = await node.Http.PostAsJsonAsync($"/api/v1/deliveries/dead/{id}/retry", new { by = "alice" })
        )
        {
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
            var alert = (await retried.Content.ReadFromJsonAsync<JsonNode>())!;
            Assert.Equal(DedupKey, alert["dedup_key"]!.GetValue<string>());
            Assert.NotNull(alert["deliveries"]!.AsArray().SingleOrDefault(d => d!["id"]!.GetValue<long>() == number));
        }

        JsonNode? delivery = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                delivery = (await node.TryGetAlertAsync(DedupKey))
                    ?["deliveries"]?.AsArray()
                    .SingleOrDefault(d => d!["id"]!.GetValue<long>() == number);
                return delivery?["status"]?.GetValue<string>() == "delivered";
            },
            Within,
            "the retried delivery was never shown as delivered"
        );
        Assert.Equal("pagerduty", delivery!["provider"]!.GetValue<string>());
        await Eventually.HoldsAsync(
            async () => (await node.GetJsonAsync("/api/v1/deliveries/dead"))["total"]!.GetValue<long>() == 0,
            Within,
            "the dead-letter list never emptied after the retry"
        );

        Assert.Equal(2, _providers.PagerDutyCalls.Count);
        var resent = ProviderStubs.BodyOf(_providers.PagerDutyCalls[1]);
        Assert.Equal("trigger", resent["event_action"]!.GetValue<string>());
        Assert.Equal(DedupKey, resent["dedup_key"]!.GetValue<string>());
        Assert.Empty((await node.GetJsonAsync("/api/v1/deliveries/dead"))["deliveries"]!.AsArray());

        // No longer dead: a second retry (here without a body) is a conflict, and sends nothing.
        using (var again = await node.Http.PostAsync($"/api/v1/deliveries/dead/{id}/retry", content: null))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains(
                "only a dead delivery can be retried",
                (await again.Content.ReadFromJsonAsync<JsonNode>())!["error"]!.GetValue<string>()
            );
        }
        Assert.Equal(2, _providers.PagerDutyCalls.Count);
    }

    [Fact]
    public async Task A_malformed_id_is_400_and_an_unknown_alert_404()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        foreach (
            var (id, expected) in new[]
            {
                ("not-an-id", HttpStatusCode.BadRequest),
                ("ZGVmYXVsdA.0", HttpStatusCode.BadRequest),
                ("ZGVmYXVsdA.x1", HttpStatusCode.BadRequest),
                ("ZGVmYXVsdA.", HttpStatusCode.BadRequest),
                ("!!!.1", HttpStatusCode.BadRequest),
                (".1", HttpStatusCode.BadRequest),
                ("bm8tc3VjaC1hbGVydA.1", HttpStatusCode.NotFound), // "no-such-alert"
            }
        )
        {
            using var response = await node.Http.PostAsync(
                $"/api/v1/deliveries/dead/{Uri.EscapeDataString(id)}/retry",
                new StringContent("{\"by\":\"bob\"}", Encoding.UTF8, "application/json")
            );
            Assert.True(
                expected == response.StatusCode,
                $"{id}: expected {(int)expected}, got {(int)response.StatusCode}"
            );
            Assert.NotNull((await response.Content.ReadFromJsonAsync<JsonNode>())!["error"]);
        }
    }

    [Fact]
    public async Task An_existing_alert_without_that_delivery_is_404_and_the_empty_list_pages()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        await node.Http.PostAsJsonAsync(
            "/api/v1/events",
            new
            {
                id = "dlq-2",
                source = "health-checker",
                type = "health.check.failed",
                subject = "db-dlq",
                severity = "critical",
            }
        );
        var id =
            Convert.ToBase64String(Encoding.UTF8.GetBytes(DedupKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_')
            + ".999";
        using var response = await node.Http.PostAsync($"/api/v1/deliveries/dead/{id}/retry", content: null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        var list = await node.GetJsonAsync("/api/v1/deliveries/dead?limit=5&offset=0");
        Assert.Empty(list["deliveries"]!.AsArray());
        Assert.Equal(0, list["total"]!.GetValue<long>());
    }

    private void PagerDutyAnswers(int status, object body)
    {
        _providers.PagerDuty.ResetMappings();
        _providers
            .PagerDuty.Given(Request.Create().WithPath("/v2/enqueue").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(status).WithBodyAsJson(body));
    }

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
