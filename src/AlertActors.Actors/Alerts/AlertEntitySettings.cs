namespace AlertActors.Actors.Alerts;

/// <summary>Tunables of the alert entity that are not rule settings.</summary>
public sealed record AlertEntitySettings
{
    /// <summary>First redelivery delay after a retryable failure; doubles per attempt.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan DelayFor(int attempts, TimeSpan? retryAfter)
    {
        var exponent = Math.Min(attempts, 20);
        var backoff = TimeSpan.FromTicks(Math.Min(RetryMaxDelay.Ticks, RetryBaseDelay.Ticks * (1L << exponent)));
        return retryAfter is { } wait && wait > backoff ? wait : backoff;
    }
}
