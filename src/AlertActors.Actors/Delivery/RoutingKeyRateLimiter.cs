using System.Threading.RateLimiting;

namespace AlertActors.Actors.Delivery;

/// <summary>
/// One provider's calls-per-minute limit, one sliding window per routing key. Over the limit a request waits in
/// the key's queue (oldest first) instead of failing. The windows do not run their own wall-clock timer: the
/// owner calls <see cref="Slide"/> every <see cref="SlideInterval"/> of its clock (the actor system's scheduler,
/// virtual in tests), and a permit used while a segment is current comes back only
/// <see cref="SegmentsPerMinute"/> + 1 slides later, so any 60 s hold at most the limit. Keys are kept in
/// memory only and never logged.
/// </summary>
public sealed class RoutingKeyRateLimiter : IDisposable
{
    /// <summary>Segments of the one-minute window; one more segment is kept so a permit returns after ≥ 60 s.</summary>
    public const int SegmentsPerMinute = 60;

    public static readonly TimeSpan SlideInterval = TimeSpan.FromMinutes(1) / SegmentsPerMinute;

    /// <summary>The library's limiter that never limits (System.Threading.RateLimiting's no-limit partition), for a
    /// provider without a limit.</summary>
    private static readonly RateLimiter NoLimit = RateLimitPartition.GetNoLimiter(0).Factory(0);

    private readonly Dictionary<string, SlidingWindowRateLimiter> _byKey = new(StringComparer.Ordinal);
    private readonly object _lock = new();
    private bool _disposed;

    /// <param name="perMinute">Calls per minute per routing key; 0 = unlimited.</param>
    public RoutingKeyRateLimiter(int perMinute)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perMinute);
        PerMinute = perMinute;
    }

    public int PerMinute { get; }

    public bool IsLimited => PerMinute > 0;

    /// <summary>Requests waiting for a permit, over all keys.</summary>
    public int Queued
    {
        get
        {
            lock (_lock)
                return _byKey.Values.Sum(l => (int)(l.GetStatistics()?.CurrentQueuedCount ?? 0));
        }
    }

    /// <summary>A permit for one call with this routing key: at once while under the limit, else when one frees
    /// up.</summary>
    public ValueTask<RateLimitLease> AcquireAsync(string routingKey)
    {
        if (!IsLimited)
            return NoLimit.AcquireAsync(1);
        SlidingWindowRateLimiter limiter;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_byKey.TryGetValue(routingKey, out limiter!))
                _byKey[routingKey] = limiter = Create(PerMinute);
        }
        return limiter.AcquireAsync(1);
    }

    /// <summary>Moves every key's window on by one segment; queued requests that now fit get their permit.</summary>
    public void Slide()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            foreach (var limiter in _byKey.Values)
                limiter.TryReplenish();
        }
    }

    /// <summary>Ends every wait: queued requests get a lease that is not acquired.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
                return;
            _disposed = true;
            foreach (var limiter in _byKey.Values)
                limiter.Dispose();
            _byKey.Clear();
        }
    }

    private static SlidingWindowRateLimiter Create(int perMinute) =>
        new(
            new SlidingWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                // The library's window is wall-clock time; ours is counted in slides on the actor's clock. With a
                // window of one tick per segment, every TryReplenish more than 100 ns after the last slides one
                // segment, so the window's real length is SlideInterval × segments. (A slide sooner than that is
                // ignored: stricter, never looser.)
                Window = TimeSpan.FromTicks(SegmentsPerMinute + 1),
                SegmentsPerWindow = SegmentsPerMinute + 1,
                AutoReplenishment = false,
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }
        );
}
