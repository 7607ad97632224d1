using System.Globalization;
using System.Text;
using AlertActors.Ingest;
using Confluent.Kafka;

namespace AlertActors.Bench;

/// <summary>Reads the whole dead-letter topic (from the beginning, no group), keeping what it has read.</summary>
internal sealed class DeadLetterReader : IDisposable
{
    private readonly IConsumer<byte[]?, byte[]> _consumer;
    private readonly Dictionary<(int, long), int> _bySource = [];

    public DeadLetterReader(string bootstrapServers)
    {
        _consumer = new ConsumerBuilder<byte[]?, byte[]>(
            new ConsumerConfig
            {
                BootstrapServers = bootstrapServers,
                GroupId = $"bench-chaos-{Guid.NewGuid():N}",
                EnableAutoCommit = false,
                AutoOffsetReset = AutoOffsetReset.Earliest,
            }
        ).Build();
        _consumer.Assign(
            Enumerable
                .Range(0, Host.Kafka.EmbeddedKafkaBroker.Partitions)
                .Select(p => new TopicPartitionOffset(BenchCluster.DeadLetterTopic, p, Offset.Beginning))
        );
    }

    public List<(string Value, string Reason)> Messages { get; } = [];

    public int CountOf(int partition, long offset) => _bySource.GetValueOrDefault((partition, offset));

    /// <summary>Reads what has arrived, until nothing more comes within <paramref name="quiet"/>.</summary>
    public void ReadAvailable(TimeSpan quiet)
    {
        while (_consumer.Consume(quiet) is { } result)
        {
            if (result.IsPartitionEOF)
                continue;
            var headers = result.Message.Headers;
            string? Header(string name) =>
                headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
            Messages.Add((Encoding.UTF8.GetString(result.Message.Value ?? []), Header(DeadLetterHeaders.Reason) ?? ""));
            if (
                int.TryParse(Header(DeadLetterHeaders.SourcePartition), CultureInfo.InvariantCulture, out var partition)
                && long.TryParse(Header(DeadLetterHeaders.SourceOffset), CultureInfo.InvariantCulture, out var offset)
            )
                _bySource[(partition, offset)] = CountOf(partition, offset) + 1;
        }
    }

    public void Dispose()
    {
        _consumer.Close();
        _consumer.Dispose();
    }
}
