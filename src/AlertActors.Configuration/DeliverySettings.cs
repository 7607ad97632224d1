using AlertActors.Notifications;

namespace AlertActors.Configuration;

/// <summary>
/// Tunables of the node's delivery layer (HOCON <c>alertactors.delivery</c>,
/// <c>alertactors.&lt;provider&gt;.rate-limit-per-minute</c>): the per-provider circuit breaker, the guard on a call
/// that never answers, the client's restart backoff and the per-routing-key rate limits.
/// </summary>
public sealed record DeliverySettings
{
    public static readonly DeliverySettings Default = new();

    /// <summary>Consecutive retryable outcomes that open a provider's breaker.</summary>
    public int BreakerMaxFailures { get; init; } = ReferenceConfig.Int("delivery.breaker.max-failures");

    /// <summary>How long an open breaker fails fast before one half-open probe may go through.</summary>
    public TimeSpan BreakerResetTimeout { get; init; } = ReferenceConfig.Duration("delivery.breaker.reset-timeout");

    /// <summary>
    /// A call with no answer after this long is answered as retryable (and counts as a failure); a late answer
    /// is ignored. Longer than the providers' attempt-timeout, which normally ends a call first.
    /// </summary>
    public TimeSpan CallTimeout { get; init; } = ReferenceConfig.Duration("delivery.call-timeout");

    /// <summary>Backoff before the provider client actor is started again after it crashed.</summary>
    public TimeSpan ClientMinBackoff { get; init; } = ReferenceConfig.Duration("delivery.client-restart.min-backoff");

    public TimeSpan ClientMaxBackoff { get; init; } = ReferenceConfig.Duration("delivery.client-restart.max-backoff");

    /// <summary>Calls per minute per (provider, routing key); a provider not listed, or 0, is unlimited.</summary>
    public IReadOnlyDictionary<string, int> RateLimitsPerMinute { get; init; } =
        new Dictionary<string, int>(StringComparer.Ordinal);

    /// <summary>
    /// Masks every configured secret in provider answers before they are kept, shown or logged (built from the whole
    /// configuration by
    /// <see cref="ConfiguredSecrets"/>).
    /// </summary>
    public SecretRedactor Redactor { get; init; } = SecretRedactor.None;

    public int RateLimitFor(string provider) =>
        RateLimitsPerMinute.TryGetValue(provider, out var perMinute) && perMinute > 0 ? perMinute : 0;
}
