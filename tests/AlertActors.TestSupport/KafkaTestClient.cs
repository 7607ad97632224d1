using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace AlertActors.TestSupport;

/// <summary>A producer and DLQ reader against a node's Kafka bootstrap address, as any outside client would use
/// it.</summary>
public sealed class KafkaTestClient(string bootstrapServers) : IDisposable
{
    private readonly IProducer<string?, byte[]> _producer = new ProducerBuilder<string?, byte[]>(
        new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All }
    ).Build();

    public Task ProduceAsync(string topic, object cloudEvent, string? key = null) =>
        ProduceRawAsync(topic, JsonSerializer.SerializeToUtf8Bytes(cloudEvent), key);

    public async Task ProduceRawAsync(string topic, byte[] value, string? key = null) =>
        await _producer.ProduceAsync(topic, new Message<string?, byte[]> { Key = key, Value = value });

    /// <summary>Reads <paramref name="count"/> messages from a topic from the beginning, headers decoded as
    /// text.</summary>
    public IReadOnlyList<(string Value, IReadOnlyDictionary<string, string> Headers)> Read(
        string topic,
        int count,
        TimeSpan within
    )
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"test-reader-{Guid.NewGuid():N}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        };
        config.Set("group.protocol", "consumer");
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).Build();
        consumer.Subscribe(topic);
        var messages = new List<(string, IReadOnlyDictionary<string, string>)>();
        var deadline = DateTime.UtcNow + within;
        while (messages.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
                continue;
            var headers = result.Message.Headers.ToDictionary(
                h => h.Key,
                h => Encoding.UTF8.GetString(h.GetValueBytes())
            );
            messages.Add((Encoding.UTF8.GetString(result.Message.Value), headers));
        }
        consumer.Close();
        return messages;
    }

    public void Dispose() => _producer.Dispose();
}
