using System.Text.Json.Nodes;
using AlertActors.Host.Kafka;
using AlertActors.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlertActors.IntegrationTests;

/// <summary>
/// At-least-once from Kafka with an exactly-once effect per event id: a node killed (SIGKILL) mid-stream
/// loses nothing and counts nothing twice after it restarts. The broker lives in the test, outside the node.
/// </summary>
public sealed class KafkaCrashTests : IDisposable
{
    private const int Keys = 40;
    private const int EventsPerKey = 10;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private readonly TestDirectory _directory = new();
    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start(
        ["infra-events", "infra-events.dlq"],
        NullLogger.Instance
    );

    [Fact]
    public async Task A_kill_9_mid_stream_loses_no_event_and_counts_none_twice()
    {
        var hocon =
            $"alertactors.kafka.bootstrap-servers = {TestNode.Quote(_broker.BootstrapServers)}\nalertactors.kafka.commit-interval = 200ms\n";
        using var kafka = new KafkaTestClient(_broker.BootstrapServers);
        await using (var node = await NodeProcess.StartAsync(_directory, hocon))
        {
            for (var i = 0; i < Keys * EventsPerKey; i++)
                await kafka.ProduceAsync("infra-events", Event(i), key: $"host-{i % Keys}");
            // Kill as soon as some, but not all, of the stream has been processed.
            await Eventually.HoldsAsync(
                async () => await OccurrencesAsync(node.Http, 0) > 0,
                Within,
                "the node never processed anything"
            );
            await node.KillAsync();
        }

        await using var restarted = await NodeProcess.StartAsync(_directory, hocon);
        await Eventually.HoldsAsync(
            async () =>
            {
                for (var key = 0; key < Keys; key++)
                    if (await OccurrencesAsync(restarted.Http, key) != EventsPerKey)
                        return false;
                return true;
            },
            Within,
            $"not every key reached exactly {EventsPerKey} occurrences after the restart"
        );

        for (var key = 0; key < Keys; key++)
            Assert.Equal(EventsPerKey, await OccurrencesAsync(restarted.Http, key));
    }

    private static object Event(int i) =>
        new
        {
            id = $"crash-{i}",
            source = "health-checker",
            type = "health.check.failed",
            subject = $"host-{i % Keys}",
            severity = "critical",
        };

    private static async Task<long> OccurrencesAsync(HttpClient http, int key)
    {
        using var response = await http.GetAsync(
            $"/api/v1/alerts/{Uri.EscapeDataString($"default:health.check.failed:host-{key}")}"
        );
        if (!response.IsSuccessStatusCode)
            return 0;
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["occurrences"]!.GetValue<long>();
    }

    public void Dispose()
    {
        _broker.Dispose();
        _directory.Dispose();
    }
}
