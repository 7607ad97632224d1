namespace AlertActors.Actors.Delivery;

/// <summary>
/// A snapshot of one provider's circuit breaker on this node, published on the event stream at every transition
/// and kept in <see cref="BreakerStateRegistry"/> for /metrics and /readyz. Never carries a key.
/// </summary>
/// <param name="Provider">The provider name, e.g. <c>pagerduty</c>.</param>
/// <param name="Status">Closed, open or half-open.</param>
/// <param name="Since">When the breaker entered <paramref name="Status"/> (the actor system's clock).</param>
/// <param name="ProbeAt">While open: when the half-open probe becomes possible.</param>
/// <param name="TimesOpened">How often this breaker has opened since the node started (a counter for metrics).</param>
public sealed record BreakerState(
    string Provider,
    BreakerStatus Status,
    DateTimeOffset Since,
    DateTimeOffset? ProbeAt,
    long TimesOpened
)
{
    public bool IsOpen => Status == BreakerStatus.Open;
}
