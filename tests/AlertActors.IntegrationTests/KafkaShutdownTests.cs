using AlertActors.Host.Kafka;
using AlertActors.TestSupport;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlertActors.IntegrationTests;

/// <summary>SIGTERM mid-stream: the node finishes what it took and commits exactly that before it leaves.</summary>
public sealed class KafkaShutdownTests : IDisposable
{
    private const int Events = 2000;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _directory = new();
    private readonly EmbeddedKafkaBroker _broker = EmbeddedKafkaBroker.Start(
        ["infra-events", "infra-events.dlq"],
        NullLogger.Instance
    );

    [Fact]
    public async Task A_graceful_stop_drains_in_flight_messages_and_commits_every_processed_offset()
    {
        using var producer = new KafkaTestClient(_broker.BootstrapServers);
        await using var node = await NodeProcess.StartAsync(
            _directory,
            $"alertactors.kafka.bootstrap-servers = {TestNode.Quote(_broker.BootstrapServers)}"
        );
        for (var i = 0; i < Events; i++)
            await producer.ProduceAsync(
                "infra-events",
                new
                {
                    id = $"term-{i}",
                    source = "s",
                    type = "disk.full",
                    subject = $"host-{i % 50}",
                    severity = "critical",
                },
                key: $"host-{i % 50}"
            );
        await Eventually.HoldsAsync(() => RecordedOccurrences() > 0, Within, "the node never processed anything");

        Assert.Equal(0, await node.StopGracefullyAsync(Within));

        var committed = await CommittedAsync();
        var recorded = RecordedOccurrences();
        Assert.True(recorded > 0);
        Assert.Equal(recorded, committed); // everything processed was committed, nothing unprocessed was
    }

    private long RecordedOccurrences() =>
        JournalFile.RecordedOccurrences(Path.Combine(_directory.Path, "alertactors.db"));

    private async Task<long> CommittedAsync()
    {
        using var admin = new AdminClientBuilder(
            new AdminClientConfig { BootstrapServers = _broker.BootstrapServers }
        ).Build();
        var partitions = admin
            .GetMetadata("infra-events", TimeSpan.FromSeconds(10))
            .Topics[0]
            .Partitions.Select(p => new TopicPartition("infra-events", p.PartitionId))
            .ToList();
        var offsets = await admin.ListConsumerGroupOffsetsAsync([
            new ConsumerGroupTopicPartitions("alertactors", partitions),
        ]);
        return offsets[0].Partitions.Sum(p => Math.Max(0, p.Offset.Value));
    }

    public void Dispose()
    {
        _broker.Dispose();
        _directory.Dispose();
    }
}
