using System.Text;
using AlertActors.Actors.Telemetry;
using AlertActors.Configuration;
using AlertActors.Domain.Events;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace AlertActors.Ingest;

/// <summary>
/// What happens to Kafka messages: a valid event is recorded in every alert it feeds (retried a few
/// times when an alert does not confirm in time); anything else goes to <c>&lt;topic&gt;.dlq</c> with
/// headers naming the reason and where it came from. Each message's task completes only when the message
/// is fully dealt with, so its offset may be committed. The valid events of one poll batch are ingested
/// together (<see cref="EventIngestor.IngestAllAsync"/>): one request per dedup key, not one per message.
/// </summary>
public sealed class KafkaMessageProcessor(
    KafkaSettings settings,
    EventIngestor ingestor,
    IProducer<byte[]?, byte[]> deadLetters,
    TimeProvider time,
    ILogger logger,
    AlertActorsMetrics? metrics = null
)
{
    private readonly AlertActorsMetrics _metrics = metrics ?? AlertActorsMetrics.Unobserved;

    private static readonly TimeSpan MaxDeadLetterRetryDelay = TimeSpan.FromSeconds(30);
    private long _deadLettered;

    /// <summary>Messages sent to the dead-letter topic since start.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    public Task ProcessAsync(ConsumeResult<byte[]?, byte[]> message, CancellationToken stoppingToken) =>
        ProcessAllAsync([message], stoppingToken)[0];

    /// <summary>One task per message, in the messages' order.</summary>
    public IReadOnlyList<Task> ProcessAllAsync(
        IReadOnlyList<ConsumeResult<byte[]?, byte[]>> messages,
        CancellationToken stoppingToken
    )
    {
        var done = new Task[messages.Count];
        var valid = new List<(int Index, InfraEvent Event)>(messages.Count);
        var now = time.GetUtcNow();
        for (var i = 0; i < messages.Count; i++)
        {
            ParsedEvents parsed;
            try
            {
                parsed = InfraEventParser.ParseOne(messages[i].Message.Value ?? [], now);
            }
            catch (Exception ex)
            {
                // A message the parser cannot handle must not stop the partition: dead-letter it.
                done[i] = DeadLetterAsync(
                    messages[i],
                    $"unreadable message ({ex.GetType().Name})",
                    EventOutcomes.Invalid,
                    stoppingToken
                );
                continue;
            }
            if (parsed.IsValid)
                valid.Add((i, parsed.Events[0]));
            else
                done[i] = DeadLetterAsync(
                    messages[i],
                    string.Join("; ", parsed.Problems),
                    EventOutcomes.Invalid,
                    stoppingToken
                );
        }
        if (valid.Count == 0)
            return done;

        var recorded = ingestor.IngestAllAsync(
            [.. valid.Select(v => v.Event)],
            EventSources.Kafka,
            [.. valid.Select(v => TraceParentOf(messages[v.Index]))],
            stoppingToken
        );
        for (var j = 0; j < valid.Count; j++)
            done[valid[j].Index] = AfterIngestAsync(
                messages[valid[j].Index],
                valid[j].Event,
                recorded[j],
                stoppingToken
            );
        return done;
    }

    private async Task AfterIngestAsync(
        ConsumeResult<byte[]?, byte[]> message,
        InfraEvent evt,
        Task<IngestResult> recorded,
        CancellationToken stoppingToken
    )
    {
        try
        {
            // The ingestor retries (kafka.ingest-attempts) in each key's order before it gives up.
            await recorded.ConfigureAwait(false);
            _metrics.EventsIn(EventSources.Kafka, EventOutcomes.Accepted);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(
                "Event {EventId} at {Topic}/{Partition}@{Offset} not recorded after {Attempts} attempts: {Error}",
                evt.Id,
                message.Topic,
                message.Partition.Value,
                message.Offset.Value,
                settings.IngestAttempts,
                ex.Message
            );
            await DeadLetterAsync(
                    message,
                    $"not recorded after {settings.IngestAttempts} attempts: {ex.Message}",
                    EventOutcomes.DeadLettered,
                    stoppingToken
                )
                .ConfigureAwait(false);
        }
    }

    /// <param name="outcome">How <c>alertactors_events_in_total</c> counts the message once it is
    /// dead-lettered.</param>
    /// <summary>The producer's W3C <c>traceparent</c> header, if the message has one (the ingest span continues its
    /// trace).</summary>
    private static string? TraceParentOf(ConsumeResult<byte[]?, byte[]> message) =>
        message.Message.Headers is { } headers && headers.TryGetLastBytes("traceparent", out var value)
            ? Encoding.ASCII.GetString(value)
            : null;

    private async Task DeadLetterAsync(
        ConsumeResult<byte[]?, byte[]> message,
        string reason,
        string outcome,
        CancellationToken stoppingToken
    )
    {
        var topic = settings.DeadLetterTopicOf(message.Topic);
        logger.LogWarning(
            "Message at {Topic}/{Partition}@{Offset} sent to {DeadLetterTopic}: {Reason}",
            message.Topic,
            message.Partition.Value,
            message.Offset.Value,
            topic,
            reason
        );
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await deadLetters.ProduceAsync(topic, DeadLetter(message, reason), stoppingToken).ConfigureAwait(false);
                Interlocked.Increment(ref _deadLettered);
                _metrics.KafkaDeadLetter(message.Topic);
                _metrics.EventsIn(EventSources.Kafka, outcome);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The offset must not move past a message that is neither recorded nor dead-lettered.
                logger.LogWarning(
                    "Dead-lettering {Topic}/{Partition}@{Offset} failed, retrying in {Delay}: {Error}",
                    message.Topic,
                    message.Partition.Value,
                    message.Offset.Value,
                    delay,
                    ex.Message
                );
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(MaxDeadLetterRetryDelay.Ticks, delay.Ticks * 2));
            }
        }
    }

    private static Message<byte[]?, byte[]> DeadLetter(ConsumeResult<byte[]?, byte[]> result, string reason) =>
        new()
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
}
