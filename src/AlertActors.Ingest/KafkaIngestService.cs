using AlertActors.Actors.Telemetry;
using AlertActors.Configuration;
using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AlertActors.Ingest;

/// <summary>
/// One consumer per node in the shared group (Kafka spreads partitions over the nodes). Messages are
/// processed concurrently, up to a bound per partition and per node (beyond it the partitions are paused,
/// so memory stays bounded); per partition, an offset is stored only once it and every offset before it is
/// fully dealt with (recorded by every alert it feeds, or dead-lettered), and stored offsets are committed
/// in batches. Revoked partitions are drained and committed before they are given up, and so is
/// everything on shutdown.
/// </summary>
public sealed class KafkaIngestService(
    KafkaSettings settings,
    KafkaEndpoint endpoint,
    EventIngestor ingestor,
    TimeProvider time,
    ILogger<KafkaIngestService> logger,
    AlertActorsMetrics? metrics = null
) : BackgroundService
{
    /// <summary>Messages taken from the consumer's buffer at most before they are handed on together (one poll
    /// batch).</summary>
    public const int MaxPollBatch = 5000;

    /// <summary>How often librdkafka reports statistics (the lag comes from them) unless the client properties say
    /// otherwise.</summary>
    public const int StatisticsIntervalMs = 5000;

    private readonly Dictionary<TopicPartition, PartitionProgress> _partitions = [];
    private readonly HashSet<TopicPartition> _paused = [];
    private volatile int _assignedPartitions;
    private bool _assignmentChanged;
    private volatile int _peakInFlight;
    private int _storedSinceCommit;
    private DateTimeOffset _lastCommit;
    private volatile IReadOnlyList<KafkaPartitionLag> _lag = [];

    /// <summary>True once the group has given this node at least one partition.</summary>
    public bool Assigned => _assignedPartitions > 0;

    /// <summary>The most messages this node has had in flight at once (bounded by
    /// <c>kafka.max-in-flight</c>).</summary>
    public int PeakInFlight => _peakInFlight;

    /// <summary>The lag of each partition this node holds, as of the consumer's last statistics (any thread may read
    /// it).</summary>
    public IReadOnlyList<KafkaPartitionLag> Lag => _lag;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(
            () => ConsumeLoop(stoppingToken),
            stoppingToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default
        );

    private void ConsumeLoop(CancellationToken stoppingToken)
    {
        // In-flight work outlives the stop signal by up to the drain timeout, so it can finish and be committed.
        using var processing = new CancellationTokenSource();
        using var deadLetters = new ProducerBuilder<byte[]?, byte[]>(
            ClientConfig(new ProducerConfig { Acks = Acks.All, EnableIdempotence = true })
        ).Build();
        var processor = new KafkaMessageProcessor(settings, ingestor, deadLetters, time, logger, metrics);
        using var consumer = BuildConsumer();
        consumer.Subscribe(settings.Topics);
        logger.LogInformation(
            "Consuming {Topics} from {Bootstrap} as group {Group}",
            string.Join(", ", settings.Topics),
            endpoint.BootstrapServers,
            settings.GroupId
        );
        _lastCommit = time.GetUtcNow();
        try
        {
            var batch = new List<ConsumeResult<byte[]?, byte[]>>(MaxPollBatch);
            while (!stoppingToken.IsCancellationRequested)
            {
                ApplyBackpressure(consumer);
                // Wait a little for the first message, then take what librdkafka already holds, up to the in-flight
                // room.
                var room = Math.Min(
                    MaxPollBatch,
                    Math.Max(1, settings.MaxInFlight - _partitions.Values.Sum(p => p.InFlight))
                );
                for (var timeout = TimeSpan.FromMilliseconds(50); batch.Count < room; timeout = TimeSpan.Zero)
                {
                    ConsumeResult<byte[]?, byte[]>? result;
                    try
                    {
                        result = consumer.Consume(timeout);
                    }
                    catch (ConsumeException ex)
                    {
                        logger.LogWarning("Kafka consume failed: {Reason}", ex.Error.Reason);
                        break;
                    }
                    if (result is null)
                        break;
                    if (!result.IsPartitionEOF)
                        batch.Add(result);
                }
                if (_assignmentChanged)
                {
                    // Partitions revoked or lost during the poll: their messages belong to the new owner now.
                    _assignmentChanged = false;
                    var assigned = consumer.Assignment.ToHashSet();
                    batch.RemoveAll(message => !assigned.Contains(message.TopicPartition));
                }
                if (batch.Count > 0)
                {
                    var work = processor.ProcessAllAsync(batch, processing.Token);
                    for (var i = 0; i < batch.Count; i++)
                        ProgressOf(batch[i].TopicPartition).Add(batch[i].Offset.Value, work[i]);
                    batch.Clear();
                    var inFlight = _partitions.Values.Sum(p => p.InFlight);
                    if (inFlight > _peakInFlight)
                        _peakInFlight = inFlight;
                }
                StoreFinishedOffsets(consumer, commitNow: false);
            }
        }
        finally
        {
            Drain(consumer, _partitions.Keys.ToList());
            processing.Cancel();
            consumer.Close();
            _lag = [];
            logger.LogInformation("Kafka consumer closed after committing what was processed");
        }
    }

    /// <summary>Pauses partitions (or all) that have too much in flight; resumes them at half the bound.</summary>
    private void ApplyBackpressure(IConsumer<byte[]?, byte[]> consumer)
    {
        var total = _partitions.Values.Sum(p => p.InFlight);
        foreach (var (partition, progress) in _partitions)
        {
            var tooMuch = progress.InFlight >= settings.MaxInFlightPerPartition || total >= settings.MaxInFlight;
            var relieved =
                progress.InFlight <= settings.MaxInFlightPerPartition / 2 && total <= settings.MaxInFlight / 2;
            if (tooMuch && _paused.Add(partition))
                consumer.Pause([partition]);
            else if (relieved && _paused.Remove(partition))
                consumer.Resume([partition]);
        }
    }

    private void StoreFinishedOffsets(IConsumer<byte[]?, byte[]> consumer, bool commitNow)
    {
        foreach (var (partition, progress) in _partitions)
        {
            if (progress.TakeCommittable() is not { } next)
                continue;
            consumer.StoreOffset(new TopicPartitionOffset(partition, next));
            _storedSinceCommit++;
        }
        var now = time.GetUtcNow();
        if (
            _storedSinceCommit == 0
            || (
                !commitNow
                && _storedSinceCommit < settings.CommitBatchSize
                && now - _lastCommit < settings.CommitInterval
            )
        )
            return;
        try
        {
            consumer.Commit();
        }
        catch (KafkaException ex) when (ex.Error.Code == ErrorCode.Local_NoOffset) { }
        catch (KafkaException ex)
        {
            logger.LogWarning(
                "Kafka commit failed (stored offsets are committed next time): {Reason}",
                ex.Error.Reason
            );
            return;
        }
        _storedSinceCommit = 0;
        _lastCommit = now;
    }

    /// <summary>Waits (bounded) for the partitions' in-flight messages, then stores and commits their
    /// offsets.</summary>
    private void Drain(IConsumer<byte[]?, byte[]> consumer, IReadOnlyCollection<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            if (_partitions.TryGetValue(partition, out var progress) && !progress.WaitAll(settings.DrainTimeout))
                logger.LogWarning(
                    "{Partition} still had {InFlight} messages in flight after {Timeout}; they will be redelivered",
                    partition,
                    progress.InFlight,
                    settings.DrainTimeout
                );
        }
        StoreFinishedOffsets(consumer, commitNow: true);
    }

    private PartitionProgress ProgressOf(TopicPartition partition)
    {
        if (!_partitions.TryGetValue(partition, out var progress))
            _partitions[partition] = progress = new PartitionProgress();
        return progress;
    }

    private void Forget(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _partitions.Remove(partition);
            _paused.Remove(partition);
        }
        var gone = partitions.Select(p => (p.Topic, p.Partition.Value)).ToHashSet();
        _lag = _lag.Where(l => !gone.Contains((l.Topic, l.Partition))).ToList();
    }

    private IConsumer<byte[]?, byte[]> BuildConsumer()
    {
        var config = ClientConfig(
            new ConsumerConfig
            {
                GroupId = settings.GroupId,
                EnableAutoCommit = true,
                AutoCommitIntervalMs = (int)settings.CommitInterval.TotalMilliseconds,
                EnableAutoOffsetStore = false,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                FetchWaitMaxMs = 20,
                StatisticsIntervalMs = StatisticsIntervalMs,
            }
        );
        config.Set("group.protocol", settings.GroupProtocol);
        if (settings.GroupProtocol == "classic")
            config.PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky;
        return new ConsumerBuilder<byte[]?, byte[]>(config)
            .SetPartitionsAssignedHandler(
                (_, partitions) =>
                {
                    Interlocked.Add(ref _assignedPartitions, partitions.Count);
                    logger.LogInformation(
                        "Assigned {Partitions}",
                        string.Join(",", partitions.Select(p => $"{p.Topic}/{p.Partition.Value}"))
                    );
                }
            )
            .SetPartitionsRevokedHandler(
                (consumer, revoked) =>
                {
                    var partitions = revoked.Select(r => r.TopicPartition).ToList();
                    Drain(consumer, partitions);
                    Forget(partitions);
                    _assignmentChanged = true;
                    Interlocked.Add(ref _assignedPartitions, -revoked.Count);
                    logger.LogInformation(
                        "Revoked {Partitions} after committing what was processed",
                        string.Join(",", partitions)
                    );
                }
            )
            .SetPartitionsLostHandler(
                (_, lost) =>
                {
                    Forget(lost.Select(l => l.TopicPartition));
                    _assignmentChanged = true;
                    Interlocked.Add(ref _assignedPartitions, -lost.Count);
                    logger.LogWarning(
                        "Lost {Partitions}; their uncommitted messages will be redelivered",
                        string.Join(",", lost)
                    );
                }
            )
            .SetStatisticsHandler((consumer, json) => UpdateLag(consumer, json))
            .SetLogHandler(
                (_, message) => logger.LogDebug("librdkafka {Facility}: {Message}", message.Facility, message.Message)
            )
            .Build();
    }

    /// <summary>On the poll thread, from librdkafka's statistics: the lag of the partitions assigned to this
    /// node.</summary>
    private void UpdateLag(IConsumer<byte[]?, byte[]> consumer, string statisticsJson)
    {
        try
        {
            var assigned = consumer.Assignment.Select(p => (p.Topic, p.Partition.Value)).ToHashSet();
            _lag = KafkaLag.FromStatistics(statisticsJson, (topic, partition) => assigned.Contains((topic, partition)));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KafkaException)
        {
            logger.LogDebug("Kafka statistics not read: {Error}", ex.Message);
        }
    }

    private T ClientConfig<T>(T config)
        where T : ClientConfig
    {
        config.BootstrapServers = endpoint.BootstrapServers;
        foreach (var (key, value) in settings.ClientProperties)
            config.Set(key, value);
        return config;
    }
}
