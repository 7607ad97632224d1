using System.Text;
using AlertActors.Actors.Configuration;
using AlertActors.Domain.Events;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AlertActors.Actors.Ingest;

/// <summary>
/// One consumer per node in the shared group. A message's offset is stored for commit only after every
/// alert it feeds has persisted it (at-least-once; event ids make redelivery harmless). Invalid messages
/// go to <c>&lt;topic&gt;.dlq</c> with the reason in a header, then their offset is stored too.
/// </summary>
public sealed class KafkaIngestService(
    KafkaSettings settings,
    KafkaEndpoint endpoint,
    EventIngestor ingestor,
    TimeProvider time,
    ILogger<KafkaIngestService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private volatile int _assignedPartitions;

    /// <summary>True once the group has given this node at least one partition.</summary>
    public bool Assigned => _assignedPartitions > 0;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => ConsumeLoopAsync(stoppingToken), stoppingToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task ConsumeLoopAsync(CancellationToken stoppingToken)
    {
        using var consumer = BuildConsumer();
        using var deadLetters = new ProducerBuilder<byte[]?, byte[]>(ClientConfig(new ProducerConfig { Acks = Acks.All })).Build();
        consumer.Subscribe(settings.Topic);
        logger.LogInformation("Consuming topic {Topic} from {Bootstrap} as group {Group}", settings.Topic, endpoint.BootstrapServers, settings.GroupId);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                ConsumeResult<byte[]?, byte[]>? result;
                try
                {
                    result = consumer.Consume(TimeSpan.FromMilliseconds(200));
                }
                catch (ConsumeException ex)
                {
                    logger.LogWarning("Kafka consume failed: {Reason}", ex.Error.Reason);
                    continue;
                }
                if (result is null || result.IsPartitionEOF) continue;
                await HandleAsync(result, deadLetters, stoppingToken).ConfigureAwait(false);
                consumer.StoreOffset(result);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            consumer.Close();
        }
    }

    private async Task HandleAsync(ConsumeResult<byte[]?, byte[]> result, IProducer<byte[]?, byte[]> deadLetters, CancellationToken stoppingToken)
    {
        var parsed = InfraEventParser.ParseOne(result.Message.Value ?? [], time.GetUtcNow());
        if (!parsed.IsValid)
        {
            var reason = string.Join("; ", parsed.Problems);
            logger.LogWarning("Invalid event at {Topic}/{Partition}@{Offset} sent to {DeadLetterTopic}: {Reason}",
                result.Topic, result.Partition.Value, result.Offset.Value, settings.DeadLetterTopic, reason);
            await UntilDoneAsync(() => deadLetters.ProduceAsync(settings.DeadLetterTopic, DeadLetter(result, reason), stoppingToken),
                "dead-letter", result, stoppingToken).ConfigureAwait(false);
            return;
        }
        await UntilDoneAsync(() => ingestor.IngestAsync(parsed.Events[0], stoppingToken), "ingest", result, stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Retries with backoff until the step succeeds: an offset is never stored for unfinished work.</summary>
    private async Task UntilDoneAsync(Func<Task> step, string what, ConsumeResult<byte[]?, byte[]> result, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await step().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Kafka {What} of {Topic}/{Partition}@{Offset} failed, retrying in {Delay}: {Error}",
                    what, result.Topic, result.Partition.Value, result.Offset.Value, delay, ex.Message);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, delay.Ticks * 2));
            }
        }
    }

    private static Message<byte[]?, byte[]> DeadLetter(ConsumeResult<byte[]?, byte[]> result, string reason) => new()
    {
        Key = result.Message.Key,
        Value = result.Message.Value ?? [],
        Headers = new Headers
        {
            { DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(reason) },
            { DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(result.Topic) },
            { DeadLetterHeaders.SourcePartition, Encoding.UTF8.GetBytes(result.Partition.Value.ToString()) },
            { DeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes(result.Offset.Value.ToString()) },
        },
    };

    private IConsumer<byte[]?, byte[]> BuildConsumer()
    {
        var config = ClientConfig(new ConsumerConfig
        {
            GroupId = settings.GroupId,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = 1000,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        });
        config.Set("group.protocol", settings.GroupProtocol);
        return new ConsumerBuilder<byte[]?, byte[]>(config)
            .SetPartitionsAssignedHandler((_, partitions) =>
            {
                Interlocked.Add(ref _assignedPartitions, partitions.Count);
                logger.LogInformation("Assigned {Partitions}", string.Join(",", partitions.Select(p => $"{p.Topic}/{p.Partition.Value}")));
            })
            .SetPartitionsRevokedHandler((_, partitions) => Interlocked.Add(ref _assignedPartitions, -partitions.Count))
            .SetPartitionsLostHandler((_, partitions) => Interlocked.Add(ref _assignedPartitions, -partitions.Count))
            .SetLogHandler((_, message) => logger.LogDebug("librdkafka {Facility}: {Message}", message.Facility, message.Message))
            .Build();
    }

    private T ClientConfig<T>(T config) where T : ClientConfig
    {
        config.BootstrapServers = endpoint.BootstrapServers;
        foreach (var (key, value) in settings.ClientProperties) config.Set(key, value);
        return config;
    }
}
