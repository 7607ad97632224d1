using System.Text;
using AlertActors.Configuration;
using Confluent.Kafka;

namespace AlertActors.Ingest;

/// <summary>
/// Reads the Kafka dead-letter topics (<c>&lt;topic&gt;.dlq</c>, one per input topic) for operators: how many messages
/// each holds and the latest ones with the reason they were dead-lettered. Reads with its own assignment, no consumer
/// group and no commits, so the node's ingest is not touched.
/// </summary>
public sealed class DeadLetterTopicReader(KafkaEndpoint endpoint, KafkaSettings settings)
{
    /// <summary>At most this many bytes of a message's value are shown.</summary>
    public const int MaxValueChars = 2048;

    /// <summary>One dead-lettered message, newest first in <see cref="DeadLetterTopic.Latest"/>.</summary>
    public sealed record DeadLetterMessage(
        int Partition,
        long Offset,
        DateTimeOffset? Timestamp,
        string Reason,
        string? SourceTopic,
        string? SourcePartition,
        string? SourceOffset,
        string? Key,
        string Value,
        bool ValueTruncated
    );

    /// <param name="Messages">Messages the topic holds now (the sum over its partitions of high − low
    /// watermark).</param>
    public sealed record DeadLetterTopic(
        string Topic,
        string InputTopic,
        long Messages,
        IReadOnlyList<DeadLetterMessage> Latest
    );

    /// <summary>Every dead-letter topic with its count and its <paramref name="latest"/> newest messages.</summary>
    /// <exception cref="KafkaException">The cluster did not answer within <paramref name="timeout"/>.</exception>
    public IReadOnlyList<DeadLetterTopic> Read(int latest, TimeSpan timeout)
    {
        using var admin = new AdminClientBuilder(WithClientProperties(new AdminClientConfig())).Build();
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(
            WithClientProperties(
                new ConsumerConfig
                {
                    GroupId = $"{settings.GroupId}-dead-letter-reader",
                    EnableAutoCommit = false,
                    EnableAutoOffsetStore = false,
                }
            )
        ).Build();
        return [.. settings.Topics.Select(topic => ReadTopic(admin, consumer, topic, latest, timeout))];
    }

    /// <summary>The cluster's address and the operator's librdkafka properties (security settings), as the ingest uses
    /// them.</summary>
    private T WithClientProperties<T>(T config)
        where T : ClientConfig
    {
        config.BootstrapServers = endpoint.BootstrapServers;
        foreach (var (key, value) in settings.ClientProperties)
            config.Set(key, value);
        return config;
    }

    private DeadLetterTopic ReadTopic(
        IAdminClient admin,
        IConsumer<byte[]?, byte[]> consumer,
        string inputTopic,
        int latest,
        TimeSpan timeout
    )
    {
        var topic = settings.DeadLetterTopicOf(inputTopic);
        var partitions = admin
            .GetMetadata(topic, timeout)
            .Topics.Single()
            .Partitions.Select(p => new TopicPartition(topic, p.PartitionId))
            .ToList();
        var watermarks = partitions.ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(p, timeout));
        var count = watermarks.Values.Sum(w => w.High.Value - w.Low.Value);
        var messages = new List<DeadLetterMessage>();
        var toRead = watermarks.Where(w => w.Value.High > w.Value.Low && latest > 0).ToList();
        if (toRead.Count > 0)
        {
            consumer.Assign(
                toRead.Select(w => new TopicPartitionOffset(
                    w.Key,
                    Math.Max(w.Value.Low.Value, w.Value.High.Value - latest)
                ))
            );
            var remaining = toRead.ToDictionary(w => w.Key, w => w.Value.High.Value);
            var deadline = DateTime.UtcNow + timeout;
            while (remaining.Count > 0 && DateTime.UtcNow < deadline)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result?.Message is null)
                    continue;
                messages.Add(MessageOf(result));
                if (result.Offset.Value + 1 >= remaining.GetValueOrDefault(result.TopicPartition, long.MaxValue))
                    remaining.Remove(result.TopicPartition);
            }
            consumer.Unassign();
        }
        return new DeadLetterTopic(
            topic,
            inputTopic,
            count,
            [.. messages.OrderByDescending(m => m.Timestamp).ThenByDescending(m => m.Offset).Take(latest)]
        );
    }

    private static DeadLetterMessage MessageOf(ConsumeResult<byte[]?, byte[]> result)
    {
        string? Header(string name) =>
            result.Message.Headers?.TryGetLastBytes(name, out var bytes) == true
                ? Encoding.UTF8.GetString(bytes)
                : null;
        var value = Encoding.UTF8.GetString(result.Message.Value ?? []);
        return new DeadLetterMessage(
            result.Partition.Value,
            result.Offset.Value,
            result.Message.Timestamp.Type == TimestampType.NotAvailable
                ? null
                : new DateTimeOffset(result.Message.Timestamp.UtcDateTime, TimeSpan.Zero),
            Header(DeadLetterHeaders.Reason) ?? "",
            Header(DeadLetterHeaders.SourceTopic),
            Header(DeadLetterHeaders.SourcePartition),
            Header(DeadLetterHeaders.SourceOffset),
            result.Message.Key is { } key ? Encoding.UTF8.GetString(key) : null,
            value.Length > MaxValueChars ? value[..MaxValueChars] : value,
            value.Length > MaxValueChars
        );
    }
}
