using System.Net;
using System.Net.Http.Headers;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Found by the chaos bench (bench/AlertActors.Bench, ChaosScenario): a message that is well-formed JSON except for
/// invalid UTF-8 bytes inside a string value makes InfraEventParser throw InvalidOperationException ("Cannot transcode
/// invalid UTF-8 JSON text to UTF-16 string", from JsonElement.GetString) instead of reporting a problem. From Kafka
/// that exception escapes KafkaMessageProcessor.ProcessAsync into the consume loop, the BackgroundService fails and
/// the host stops; the offset is never committed, so the next node that gets the partition dies the same way
/// (an invalid event never stops processing).
/// </summary>
public sealed class InvalidUtf8PoisonTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly TestDirectory _directory = new();

    /// <summary>{"id":"poison-9","source":"&lt;0xFF 0xFE&gt;"}: valid JSON structure, invalid UTF-8 in a
    /// string.</summary>
    private static byte[] Poison => [.. "{\"id\":\"poison-9\",\"source\":\""u8, 0xff, 0xfe, .. "\"}"u8];

    [Fact]
    public async Task A_Kafka_message_with_invalid_UTF8_in_a_string_goes_to_the_DLQ_and_the_stream_continues()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        var info = await node.GetJsonAsync("/api/v1/info");
        using var kafka = new KafkaTestClient(info["kafka"]!["bootstrap_servers"]!.GetValue<string>());

        await kafka.ProduceRawAsync("infra-events", Poison, key: "k");
        await kafka.ProduceAsync(
            "infra-events",
            new
            {
                id = "after-poison",
                source = "health-checker",
                type = "health.check.failed",
                subject = "utf8-host",
                severity = "critical",
            },
            key: "k"
        );

        await Eventually.HoldsAsync(
            async () => await node.TryGetAlertAsync("default:health.check.failed:utf8-host") is not null,
            Within,
            "the valid event after the invalid-UTF-8 message was never processed (did the consumer die?)"
        );
        var dead = kafka.Read("infra-events.dlq", 1, Within);
        Assert.Single(dead);
        Assert.False(string.IsNullOrEmpty(dead[0].Headers["dlq-reason"]));
    }

    [Fact]
    public async Task An_HTTP_event_with_invalid_UTF8_in_a_string_is_400_with_the_problem()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        using var content = new ByteArrayContent(Poison);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await node.Http.PostAsync("/api/v1/events", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(
            response.StatusCode == HttpStatusCode.BadRequest,
            $"expected 400, got {(int)response.StatusCode}: {body}"
        );
    }

    public void Dispose() => _directory.Dispose();
}
