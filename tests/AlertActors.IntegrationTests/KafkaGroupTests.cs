using AlertActors.Host.Kafka;
using AlertActors.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlertActors.IntegrationTests;

/// <summary>Every node consumes in one group: a second node joining mid-stream takes partitions and nothing is
/// missed.</summary>
public sealed class KafkaGroupTests : IDisposable
{
    private const int Keys = 20;
    private const int EventsPerKey = 10;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private readonly TestDirectory _directory = new();
    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start(
        ["infra-events", "infra-events.dlq"],
        NullLogger.Instance
    );

    [Fact]
    public async Task A_second_node_joining_the_group_takes_partitions_and_together_they_process_every_message_once()
    {
        var kafka = $"alertactors.kafka.bootstrap-servers = {TestNode.Quote(_broker.BootstrapServers)}\n";
        using var producer = new KafkaTestClient(_broker.BootstrapServers);
        await using var first = await TestNode.StartAsync(_directory, kafka);
        for (var i = 0; i < Keys * EventsPerKey / 2; i++)
            await producer.ProduceAsync("infra-events", Event(i), key: $"host-{i % Keys}");

        var seed = new Uri(
            (await first.GetJsonAsync("/api/v1/info"))["node"]!
                .GetValue<string>()
                .Replace("akka.tcp://alertactors@", "tcp://")
        );
        // StartAsync returns once /readyz holds, which needs Kafka partitions assigned to this node.
        // Both nodes open the same SQLite file (one data directory): a shared journal, as a cluster needs.
        await using var second = await TestNode.StartAsync(
            _directory,
            kafka
                + $"alertactors.cluster.seeds = \"{seed.Host}:{seed.Port}\"\nalertactors.persistence.shared-file = on\n"
        );
        for (var i = Keys * EventsPerKey / 2; i < Keys * EventsPerKey; i++)
            await producer.ProduceAsync("infra-events", Event(i), key: $"host-{i % Keys}");

        await Eventually.HoldsAsync(
            async () =>
            {
                for (var key = 0; key < Keys; key++)
                    if (await OccurrencesAsync(second, key) != EventsPerKey)
                        return false;
                return true;
            },
            Within,
            $"not every key reached exactly {EventsPerKey} occurrences with two consumers"
        );
        for (var key = 0; key < Keys; key++)
            Assert.Equal(EventsPerKey, await OccurrencesAsync(first, key));
        Assert.True(await KafkaAcceptedAsync(second) > 0, "the second node consumed nothing");
        // At least once: a message redelivered around the rebalance may be counted by both nodes (its event id makes it
        // harmless).
        Assert.True(await KafkaAcceptedAsync(first) + await KafkaAcceptedAsync(second) >= Keys * EventsPerKey);
    }

    private static object Event(int i) =>
        new
        {
            id = $"group-{i}",
            source = "health-checker",
            type = "health.check.failed",
            subject = $"host-{i % Keys}",
            severity = "critical",
        };

    /// <summary>This node's count of Kafka events accepted, from its /metrics.</summary>
    private static async Task<long> KafkaAcceptedAsync(TestNode node)
    {
        var text = await node.Http.GetStringAsync("/metrics");
        var line = text.Split('\n')
            .FirstOrDefault(l =>
                l.StartsWith("alertactors_events_in_total{", StringComparison.Ordinal)
                && l.Contains("outcome=\"accepted\"")
                && l.Contains("source=\"kafka\"")
            );
        return line is null
            ? 0
            : (long)
                double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> OccurrencesAsync(TestNode node, int key) =>
        (await node.TryGetAlertAsync($"default:health.check.failed:host-{key}"))?["occurrences"]?.GetValue<long>() ?? 0;

    public void Dispose()
    {
        _broker.Dispose();
        _directory.Dispose();
    }
}
