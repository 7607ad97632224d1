namespace AlertActors.Configuration;

/// <summary>Tunables of the alert entity that are not rule settings (HOCON <c>alertactors.entity</c>,
/// <c>alertactors.delivery</c>).</summary>
public sealed record AlertEntitySettings
{
    /// <summary>First redelivery delay after a retryable failure; doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = ReferenceConfig.Duration("delivery.retry-base-delay");

    public TimeSpan RetryMaxDelay { get; init; } = ReferenceConfig.Duration("delivery.retry-max-delay");

    /// <summary>How long a delivery may keep failing before it goes to the dead-letter list.</summary>
    public TimeSpan RetryBudget { get; init; } = ReferenceConfig.Duration("delivery.retry-budget");

    /// <summary>A snapshot is saved after this many events since the last one.</summary>
    public int SnapshotEvery { get; init; } = ReferenceConfig.Int("entity.snapshot-every");

    /// <summary>An alert with no live work (no pending delivery, no silence holding a notification) leaves memory after
    /// this long without a message.</summary>
    public TimeSpan PassivateIdleAfter { get; init; } = ReferenceConfig.Duration("entity.passivate-idle-after");

    /// <summary>How often an alert held back by a silence looks whether the silence was expired early.</summary>
    public TimeSpan SilenceCheckInterval { get; init; } = ReferenceConfig.Duration("entity.silence-check-interval");

    /// <summary>
    /// Exponential backoff with ±20 % jitter (so many alerts failing together do not retry in lock-step),
    /// never shorter than the provider's Retry-After.
    /// </summary>
    /// <param name="jitter">A number in [0, 1); 0.5 means no jitter.</param>
    public TimeSpan DelayFor(int attempts, TimeSpan? retryAfter, double jitter = 0.5)
    {
        var exponent = Math.Min(attempts, 20);
        var backoff = Math.Min(RetryMaxDelay.Ticks, RetryBaseDelay.Ticks * (1L << exponent)) * (0.8 + 0.4 * jitter);
        var delay = TimeSpan.FromTicks((long)backoff);
        return retryAfter is { } wait && wait > delay ? wait : delay;
    }
}
