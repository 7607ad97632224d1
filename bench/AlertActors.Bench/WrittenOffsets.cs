using System.Collections.Concurrent;
using Confluent.Kafka;

namespace AlertActors.Bench;

/// <summary>The highest offset written to each partition (events and poison), and how many events were
/// written.</summary>
internal sealed class WrittenOffsets
{
    private readonly ConcurrentDictionary<int, long> _next = new();
    private int _delivered;
    private int _failed;

    public int Delivered => Volatile.Read(ref _delivered);

    public int Failed => Volatile.Read(ref _failed);

    public IReadOnlyDictionary<int, long> NextOffsets => _next;

    public void Report(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError)
        {
            Interlocked.Increment(ref _failed);
            return;
        }
        Interlocked.Increment(ref _delivered);
        Add(report.Partition.Value, report.Offset.Value);
    }

    public void Add(int partition, long offset) =>
        _next.AddOrUpdate(partition, offset + 1, (_, next) => Math.Max(next, offset + 1));

    /// <summary>Messages written to the input topic that the group has not committed yet.</summary>
    public async Task<long> UncommittedAsync(IAdminClient admin)
    {
        var partitions = Enumerable
            .Range(0, Host.Kafka.EmbeddedKafkaBroker.Partitions)
            .Select(p => new TopicPartition(BenchCluster.Topic, p))
            .ToList();
        var offsets = await admin.ListConsumerGroupOffsetsAsync([
            new ConsumerGroupTopicPartitions(BenchCluster.Group, partitions),
        ]);
        var committed = offsets[0].Partitions.ToDictionary(p => p.Partition.Value, p => Math.Max(0, p.Offset.Value));
        return NextOffsets.Sum(p => Math.Max(0, p.Value - committed.GetValueOrDefault(p.Key)));
    }
}
