namespace AlertActors.Ingest;

/// <summary>
/// The messages of one partition that are being processed, in offset order. Only the contiguous run of
/// finished messages at the head is committable: a slow message holds back the offsets after it and
/// never lets them be skipped.
/// </summary>
public sealed class PartitionProgress
{
    private readonly Queue<(long Offset, Task Work)> _inFlight = new();

    public int InFlight => _inFlight.Count;

    public void Add(long offset, Task work) => _inFlight.Enqueue((offset, work));

    /// <summary>
    /// Drops the finished head of the queue and returns the next offset to commit, or null if the head is
    /// unfinished. Only work that succeeded counts: a message whose work was cancelled (shutdown) or failed
    /// holds its offset back, so it is consumed again.
    /// </summary>
    public long? TakeCommittable()
    {
        long? next = null;
        while (_inFlight.TryPeek(out var head) && head.Work.IsCompletedSuccessfully)
        {
            _inFlight.Dequeue();
            next = head.Offset + 1;
        }
        return next;
    }

    /// <summary>Waits (bounded) for everything in flight, e.g. before giving the partition up; true when all
    /// finished.</summary>
    public bool WaitAll(TimeSpan timeout)
    {
        var all = Task.WhenAll(_inFlight.Select(w => w.Work));
        return Task.WhenAny(all, Task.Delay(timeout)).GetAwaiter().GetResult() == all;
    }
}
