using AlertActors.Actors.Alerts;
using AlertActors.Domain.Alerts;

namespace AlertActors.Ingest;

/// <summary>
/// Keeps each dedup key's occurrences in the order they were ingested on their way to the alert entity. One
/// request per key is in flight; occurrences that arrive meanwhile wait and go next, together, as one
/// <see cref="OccurrenceBatchEnvelope"/> (so a hot key still writes once per round-trip). A request that
/// fails (an ask lost with a crashed node times out) is retried, the same batch in the same order, before anything
/// after it: a later event can never overtake an earlier one of the same key. Redeliveries are harmless, since the
/// alert drops event ids it has already recorded.
/// </summary>
/// <param name="send">Sends one command to the alert and completes with its answer when the alert confirms it is
/// durable.</param>
/// <param name="attempts">Tries per batch; after the last failure every occurrence in it fails with that error.</param>
/// <param name="onRetry">Told about each failed try that will be retried (for logging).</param>
/// <param name="maxInFlight">
/// Requests in flight over all keys. The rest wait here, where no ask timeout runs: a node that is merely slow
/// (a backlog of new alerts) must not see its asks time out and its healthy events dead-lettered.
/// </param>
public sealed class OccurrenceSequencer(
    Func<IOccurrenceEnvelope, Task<AlertReplies.OccurrenceAccepted>> send,
    int attempts,
    Action<string, int, Exception>? onRetry = null,
    int maxInFlight = OccurrenceSequencer.DefaultMaxInFlight
)
{
    /// <summary>Enough to fill the journal's write batches; few enough that each is answered well within the ask
    /// timeout.</summary>
    public const int DefaultMaxInFlight = 256;

    private readonly SemaphoreSlim _inFlight = new(maxInFlight, maxInFlight);

    /// <summary>At most this many occurrences go in one batch (bounds the message and journal event size).</summary>
    public const int MaxBatch = 500;

    private readonly Dictionary<string, List<Waiting>> _waitingByKey = new(StringComparer.Ordinal);

    /// <summary>
    /// Completes when the occurrence (and every earlier one of its key) is durably recorded: true when the alert had
    /// already recorded its event id (a redelivery), false when it is new.
    /// </summary>
    public Task<bool> RecordAsync(OccurrenceEnvelope occurrence, CancellationToken cancellationToken) =>
        RecordAllAsync([occurrence], cancellationToken)[0];

    /// <summary>
    /// Several occurrences of ONE dedup key, in ingest order, queued together: they go to the alert in one request (as
    /// many as
    /// <see cref="MaxBatch"/> allows) instead of one after the other. One task per occurrence, as
    /// <see cref="RecordAsync"/>'s.
    /// </summary>
    /// <exception cref="ArgumentException">The occurrences are not all of one dedup key.</exception>
    public IReadOnlyList<Task<bool>> RecordAllAsync(
        IReadOnlyList<OccurrenceEnvelope> occurrences,
        CancellationToken cancellationToken
    )
    {
        if (occurrences.Count == 0)
            return [];
        var dedupKey = occurrences[0].DedupKey;
        var waiting = new List<Waiting>(occurrences.Count);
        foreach (var occurrence in occurrences)
        {
            if (!string.Equals(occurrence.DedupKey, dedupKey, StringComparison.Ordinal))
                throw new ArgumentException(
                    $"occurrences of {dedupKey} and {occurrence.DedupKey} in one call",
                    nameof(occurrences)
                );
            waiting.Add(
                new Waiting(
                    occurrence,
                    new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)
                )
            );
        }
        bool startLane;
        lock (_waitingByKey)
        {
            startLane = !_waitingByKey.TryGetValue(dedupKey, out var lane);
            if (startLane)
                _waitingByKey[dedupKey] = lane = [];
            lane!.AddRange(waiting);
        }
        if (startLane)
            _ = RunLaneAsync(dedupKey);
        return
        [
            .. waiting.Select(w =>
                cancellationToken.CanBeCanceled ? w.Recorded.Task.WaitAsync(cancellationToken) : w.Recorded.Task
            ),
        ];
    }

    /// <summary>Sends a key's waiting occurrences batch after batch until none is left; then the lane closes.</summary>
    private async Task RunLaneAsync(string dedupKey)
    {
        while (true)
        {
            List<Waiting> batch;
            lock (_waitingByKey)
            {
                var lane = _waitingByKey[dedupKey];
                if (lane.Count == 0)
                {
                    _waitingByKey.Remove(dedupKey);
                    return;
                }
                batch = lane.Take(MaxBatch).ToList();
                lane.RemoveRange(0, batch.Count);
            }
            var (reply, failure) = await SendWithRetriesAsync(batch).ConfigureAwait(false);
            foreach (var waiting in batch)
            {
                if (failure is null)
                    waiting.Recorded.TrySetResult(reply!.WasDuplicate(waiting.Occurrence.Occurrence.EventId));
                else
                    waiting.Recorded.TrySetException(failure);
            }
        }
    }

    private async Task<(AlertReplies.OccurrenceAccepted? Reply, Exception? Failure)> SendWithRetriesAsync(
        List<Waiting> batch
    )
    {
        IOccurrenceEnvelope command =
            batch.Count == 1
                ? batch[0].Occurrence
                : new OccurrenceBatchEnvelope(batch[0].Occurrence.DedupKey, [.. batch.Select(w => w.Occurrence)]);
        for (var attempt = 1; ; attempt++)
        {
            await _inFlight.WaitAsync().ConfigureAwait(false);
            try
            {
                return (await send(command).ConfigureAwait(false), null);
            }
            catch (Exception ex)
            {
                if (attempt >= attempts)
                    return (null, ex);
                onRetry?.Invoke(command.DedupKey, attempt, ex);
            }
            finally
            {
                _inFlight.Release();
            }
        }
    }

    private sealed record Waiting(OccurrenceEnvelope Occurrence, TaskCompletionSource<bool> Recorded);
}
