using System.Diagnostics;
using Confluent.Kafka;

namespace AlertActors.Bench;

/// <summary>
/// Produces one message per alert to a topic (key = subject, so one subject stays in order). The send moment is
/// the <c>Produce</c> call, so librdkafka's linger (1 ms) and the broker round trip count as latency.
/// </summary>
public sealed class KafkaAlertSender(string bootstrapServers, string topic, Func<LoadPhase, int, byte[]> message)
    : IAlertSender
{
    private readonly IProducer<string, byte[]> _producer = new ProducerBuilder<string, byte[]>(
        new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            LingerMs = 1,
            BatchSize = 1_000_000,
            Acks = Acks.Leader,
        }
    ).Build();

    public string Describe =>
        $"Kafka topic {topic} (embedded broker, 4 partitions), one message per alert, linger 1 ms, acks=leader";

    public Task BurstAsync(LoadPhase phase)
    {
        var messages = Enumerable.Range(0, phase.Count).Select(i => message(phase, i)).ToArray();
        for (var i = 0; i < phase.Count; i++)
            Produce(phase, i, messages[i]);
        _producer.Flush(TimeSpan.FromMinutes(2));
        return Task.CompletedTask;
    }

    public async Task PacedAsync(LoadPhase phase, int perSecond)
    {
        var messages = Enumerable.Range(0, phase.Count).Select(i => message(phase, i)).ToArray();
        var start = Stopwatch.GetTimestamp();
        var next = 0;
        while (next < phase.Count)
        {
            var due = (int)Math.Min(phase.Count, Stopwatch.GetElapsedTime(start).TotalSeconds * perSecond + 1);
            for (; next < due; next++)
                Produce(phase, next, messages[next]);
            await Task.Delay(1);
        }
        _producer.Flush(TimeSpan.FromMinutes(2));
    }

    private void Produce(LoadPhase phase, int i, byte[] value)
    {
        phase.Sent[i] = Stopwatch.GetTimestamp();
        _producer.Produce(
            topic,
            new Message<string, byte[]> { Key = phase.Name(i), Value = value },
            report =>
            {
                if (report.Error.IsError)
                {
                    Console.Error.WriteLine($"produce {phase.Name(i)}: {report.Error.Reason}");
                    Interlocked.Increment(ref phase.SendErrors);
                }
            }
        );
    }

    public ValueTask DisposeAsync()
    {
        _producer.Dispose();
        return ValueTask.CompletedTask;
    }
}
