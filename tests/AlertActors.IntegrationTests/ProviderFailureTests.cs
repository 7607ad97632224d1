using AlertActors.TestSupport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace AlertActors.IntegrationTests;

/// <summary>A provider that rate-limits and then fails for a while still gets the page, once, when it
/// recovers.</summary>
public sealed class ProviderFailureTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    [Fact]
    public async Task A_429_with_Retry_After_and_then_500s_are_retried_until_the_trigger_is_accepted()
    {
        _providers.PagerDuty.ResetMappings();
        var enqueue = Request.Create().WithPath("/v2/enqueue").UsingPost();
        _providers
            .PagerDuty.Given(enqueue)
            .InScenario("outage")
            .WillSetStateTo("rate-limited")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "2").WithBody("slow down"));
        _providers
            .PagerDuty.Given(enqueue)
            .InScenario("outage")
            .WhenStateIs("rate-limited")
            .WillSetStateTo("down")
            .RespondWith(Response.Create().WithStatusCode(500).WithBody("internal error"));
        _providers
            .PagerDuty.Given(enqueue)
            .InScenario("outage")
            .WhenStateIs("down")
            .WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503).WithBody("unavailable"));
        _providers
            .PagerDuty.Given(enqueue)
            .InScenario("outage")
            .WhenStateIs("up")
            .RespondWith(Response.Create().WithStatusCode(202).WithBodyAsJson(new { status = "success" }));
        await using var node = await TestNode.StartAsync(_directory, _providers.Hocon);

        await AlertApi.PostCriticalAsync(node.Http, "flaky-1", "db-5");

        await Eventually.HoldsAsync(
            async () =>
            {
                var alert = await node.TryGetAlertAsync("default:health.check.failed:db-5");
                return alert
                        ?["deliveries"]?.AsArray()
                        .Any(d => (string?)d!["provider"] == "pagerduty" && (string?)d["status"] == "delivered")
                    == true;
            },
            Within,
            "the PagerDuty trigger was never delivered"
        );
        var calls = _providers.PagerDutyCalls.OrderBy(c => c.RequestMessage.DateTime).ToList();
        Assert.Equal(4, calls.Count);
        Assert.True(
            calls[1].RequestMessage.DateTime - calls[0].RequestMessage.DateTime >= TimeSpan.FromSeconds(1.9),
            "the retry after the 429 came before its Retry-After of 2 s"
        );
        Assert.All(calls, c => Assert.Equal("trigger", ProviderStubs.BodyOf(c)["event_action"]!.GetValue<string>()));
        var pagerDuty = (await node.TryGetAlertAsync("default:health.check.failed:db-5"))!["deliveries"]!
            .AsArray()
            .Single(d => (string?)d!["provider"] == "pagerduty")!;
        Assert.Equal(4, pagerDuty["attempts"]!.GetValue<int>());
    }

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
