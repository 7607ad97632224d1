using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AlertActors.Actors.Telemetry;
using AlertActors.TestSupport;
using Confluent.Kafka;

namespace AlertActors.IntegrationTests;

/// <summary>
/// One trace from an event to the provider calls it causes: the ingest span (HTTP, or a Kafka message's traceparent
/// header), the alert entity's span and the provider-call span share a trace id across the actor messages in between.
/// </summary>
public sealed class TracingTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public TracingTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AlertActorsTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task An_event_posted_over_HTTP_and_its_provider_calls_are_one_trace()
    {
        await using var node = await TestNode.StartAsync(_directory, _providers.Hocon);
        const string key = "default:health.check.failed:db-traced";
        using (
            var posted = await node.Http.PostAsJsonAsync(
                "/api/v1/events",
                new
                {
                    id = "trace-http-1",
                    source = "health-checker",
                    type = "health.check.failed",
                    subject = "db-traced",
                    severity = "critical",
                }
            )
        )
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        var (ingest, alert, notify) = await TraceOfAsync("trace-http-1", key);
        Assert.Equal("http", ingest.GetTagItem("alertactors.source"));
        Assert.Equal(ingest.TraceId, alert.TraceId);
        Assert.Equal(ingest.SpanId, alert.ParentSpanId);
        Assert.All(
            notify,
            call =>
            {
                Assert.Equal(ingest.TraceId, call.TraceId);
                Assert.Equal(alert.SpanId, call.ParentSpanId);
                Assert.Equal(ActivityKind.Client, call.Kind);
                Assert.Equal("trigger", call.GetTagItem("alertactors.action"));
                Assert.Equal("delivered", call.GetTagItem("alertactors.outcome"));
            }
        );
        Assert.Equal(
            ["opsgenie", "pagerduty"],
            notify.Select(n => (string)n.GetTagItem("alertactors.provider")!).Order()
        );

        // The delivery keeps the context it was scheduled under (it is persisted with it), and the alert's JSON does
        // not show it.
        var shown = (await node.TryGetAlertAsync(key))!.ToJsonString();
        Assert.DoesNotContain("traceparent", shown.Replace("_", ""), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_Kafka_message_with_a_traceparent_header_continues_the_producers_trace()
    {
        await using var node = await TestNode.StartAsync(_directory, _providers.Hocon);
        const string key = "default:health.check.failed:db-kafka-traced";
        var producerTrace = ActivityTraceId.CreateRandom();
        var producerSpan = ActivitySpanId.CreateRandom();
        var bootstrap = (await node.GetJsonAsync("/api/v1/info"))["kafka"]!["bootstrap_servers"]!.GetValue<string>();
        using (
            var producer = new ProducerBuilder<string, string>(
                new ProducerConfig { BootstrapServers = bootstrap }
            ).Build()
        )
        {
            await producer.ProduceAsync(
                "infra-events",
                new Message<string, string>
                {
                    Key = "db-kafka-traced",
                    Value = JsonSerializer.Serialize(
                        new
                        {
                            id = "trace-kafka-1",
                            source = "health-checker",
                            type = "health.check.failed",
                            subject = "db-kafka-traced",
                            severity = "critical",
                        }
                    ),
                    Headers = new Headers
                    {
                        { "traceparent", Encoding.ASCII.GetBytes($"00-{producerTrace}-{producerSpan}-01") },
                    },
                }
            );
        }

        var (ingest, alert, notify) = await TraceOfAsync("trace-kafka-1", key);
        Assert.Equal("kafka", ingest.GetTagItem("alertactors.source"));
        Assert.Equal(ActivityKind.Consumer, ingest.Kind);
        Assert.Equal((producerTrace, producerSpan), (ingest.TraceId, ingest.ParentSpanId));
        Assert.Equal(producerTrace, alert.TraceId);
        Assert.All(notify, call => Assert.Equal(producerTrace, call.TraceId));
    }

    /// <summary>The ingest span of the event, the alert span under it, and the provider-call spans of the alert's
    /// trigger (both providers).</summary>
    private async Task<(Activity Ingest, Activity Alert, IReadOnlyList<Activity> Notify)> TraceOfAsync(
        string eventId,
        string dedupKey
    )
    {
        Activity? ingest = null,
            alert = null;
        List<Activity> notify = [];
        await Eventually.HoldsAsync(
            () =>
            {
                var spans = _spans.ToArray();
                ingest = spans.SingleOrDefault(s =>
                    s.OperationName == AlertActorsTracing.IngestSpan
                    && Equals(s.GetTagItem("alertactors.event.id"), eventId)
                );
                alert = spans.SingleOrDefault(s =>
                    s.OperationName == AlertActorsTracing.AlertSpan
                    && Equals(s.GetTagItem("alertactors.event.id"), eventId)
                );
                notify =
                [
                    .. spans.Where(s =>
                        s.OperationName == AlertActorsTracing.NotifySpan
                        && Equals(s.GetTagItem("alertactors.dedup_key"), dedupKey)
                    ),
                ];
                return ingest is not null && alert is not null && notify.Count >= 2;
            },
            Within,
            $"the spans of {eventId} never all showed up: {string.Join(", ", _spans.Select(s => s.DisplayName))}"
        );
        return (ingest!, alert!, notify);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _providers.Dispose();
        _directory.Dispose();
    }
}
