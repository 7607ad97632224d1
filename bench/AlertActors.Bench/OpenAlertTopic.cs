using System.Text;
using AlertActors.Host.Kafka;
using Confluent.Kafka;

namespace AlertActors.Bench;

/// <summary>
/// The input topic of an <see cref="OpenAlertNode"/> (<see cref="OpenAlertNode.Topic"/> on the embedded broker) as its
/// loader uses it: produces events, reads how far the node's consumer group has committed, and produces again what the
/// node dead-lettered (<see cref="OpenAlertNode.Topic"/>.dlq).
/// </summary>
internal sealed class OpenAlertTopic : IDisposable
{
    private const string Group = "alertactors";

    private readonly EmbeddedKafkaBroker _broker;
    private readonly IAdminClient _admin;
    private readonly IProducer<string, byte[]> _producer;
    private readonly List<TopicPartition> _partitions;
    private IConsumer<string, byte[]>? _deadLetters;

    public OpenAlertTopic(EmbeddedKafkaBroker broker)
    {
        _broker = broker;
        _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        _producer = new ProducerBuilder<string, byte[]>(
            new ProducerConfig
            {
                BootstrapServers = broker.BootstrapServers,
                LingerMs = 5,
                BatchSize = 1_000_000,
                Acks = Acks.Leader,
            }
        ).Build();
        _partitions = _admin
            .GetMetadata(OpenAlertNode.Topic, TimeSpan.FromSeconds(10))
            .Topics[0]
            .Partitions.Select(p => new TopicPartition(OpenAlertNode.Topic, p.PartitionId))
            .ToList();
    }

    /// <summary>Messages produced to the topic so far, replayed dead letters included.</summary>
    public long Produced { get; private set; }

    /// <summary>Produces the events (key, JSON) and waits until the broker has them; returns how many.</summary>
    public int Produce(IEnumerable<(string Key, string Json)> events)
    {
        var count = 0;
        foreach (var (key, json) in events)
        {
            _producer.Produce(
                OpenAlertNode.Topic,
                new Message<string, byte[]> { Key = key, Value = Encoding.UTF8.GetBytes(json) }
            );
            count++;
        }
        _producer.Flush(TimeSpan.FromMinutes(2));
        Produced += count;
        return count;
    }

    /// <summary>Produces again every message that arrived on the DLQ since the last call; returns how many.</summary>
    public int ReplayDeadLetters()
    {
        _deadLetters ??= CreateDeadLetterReader();
        var count = 0;
        while (_deadLetters.Consume(TimeSpan.FromSeconds(1)) is { Message: { } message })
        {
            _producer.Produce(
                OpenAlertNode.Topic,
                new Message<string, byte[]> { Key = message.Key, Value = message.Value }
            );
            count++;
        }
        _producer.Flush(TimeSpan.FromMinutes(2));
        Produced += count;
        return count;
    }

    private IConsumer<string, byte[]> CreateDeadLetterReader()
    {
        var reader = new ConsumerBuilder<string, byte[]>(
            new ConsumerConfig
            {
                BootstrapServers = _broker.BootstrapServers,
                GroupId = "bench-dlq-replay",
                EnableAutoCommit = false,
            }
        ).Build();
        var partitions = _admin
            .GetMetadata(OpenAlertNode.Topic + ".dlq", TimeSpan.FromSeconds(10))
            .Topics[0]
            .Partitions;
        reader.Assign(
            partitions.Select(p => new TopicPartitionOffset(
                OpenAlertNode.Topic + ".dlq",
                p.PartitionId,
                Offset.Beginning
            ))
        );
        return reader;
    }

    /// <summary>Sum of the committed offsets of the node's consumer group over the input topic.</summary>
    public async Task<long> CommittedAsync()
    {
        var offsets = await _admin.ListConsumerGroupOffsetsAsync([
            new ConsumerGroupTopicPartitions(Group, _partitions),
        ]);
        return offsets[0].Partitions.Sum(p => Math.Max(0, p.Offset.Value));
    }

    public void Dispose()
    {
        _deadLetters?.Dispose();
        _producer.Dispose();
        _admin.Dispose();
    }
}
