using System.Text.Json.Nodes;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace AlertActors.TestSupport;

/// <summary>WireMock.Net servers on loopback standing in for PagerDuty and OpsGenie.</summary>
public sealed class ProviderStubs : IDisposable
{
    public const string RoutingKey = "test-routing-key-0123456789abcdef";
    public const string ApiKey = "test-genie-key-0123456789abcdef";

    /// <param name="pagerDutyDelay">How long the PagerDuty stub takes to answer each call (none by default): a slow
    /// provider.</param>
    public ProviderStubs(TimeSpan? pagerDutyDelay = null)
    {
        var pagerDutyAnswer = Response
            .Create()
            .WithStatusCode(202)
            .WithBodyAsJson(new { status = "success", message = "Event processed" });
        if (pagerDutyDelay is { } delay)
            pagerDutyAnswer = pagerDutyAnswer.WithDelay(delay);
        PagerDuty
            .Given(Request.Create().WithPath("/v2/enqueue", "/v2/change/enqueue").UsingPost())
            .RespondWith(pagerDutyAnswer);
        OpsGenie
            .Given(Request.Create().WithPath("/v2/alerts*").UsingPost())
            .RespondWith(
                Response
                    .Create()
                    .WithStatusCode(202)
                    .WithBodyAsJson(
                        new
                        {
                            result = "Request will be processed",
                            took = 0.01,
                            requestId = "r-1",
                        }
                    )
            );
    }

    public WireMockServer PagerDuty { get; } = WireMockServer.Start();

    public WireMockServer OpsGenie { get; } = WireMockServer.Start();

    /// <summary>HOCON pointing both providers at the stubs with keys configured (not dry-run).</summary>
    public string Hocon =>
        $$"""
            alertactors.pagerduty { endpoint = {{TestNode.Quote(PagerDuty.Url!)}}, routing-key = {{TestNode.Quote(
                RoutingKey
            )}} }
            alertactors.opsgenie { endpoint = {{TestNode.Quote(OpsGenie.Url!)}}, api-key = {{TestNode.Quote(ApiKey)}} }
            alertactors.delivery { retry-base-delay = 100ms, retry-max-delay = 1s }
            """;

    public IReadOnlyList<ILogEntry> PagerDutyCalls => PagerDuty.LogEntries.ToList();

    public IReadOnlyList<ILogEntry> OpsGenieCalls => OpsGenie.LogEntries.ToList();

    public static JsonNode BodyOf(ILogEntry entry) =>
        JsonNode.Parse(entry.RequestMessage.Body ?? throw new InvalidOperationException("request had no body"))!;

    public void Dispose()
    {
        PagerDuty.Stop();
        OpsGenie.Stop();
    }
}
