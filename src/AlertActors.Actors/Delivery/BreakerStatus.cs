namespace AlertActors.Actors.Delivery;

/// <summary>The three states of a provider's circuit breaker.</summary>
public enum BreakerStatus
{
    /// <summary>Calls go through; consecutive retryable outcomes are counted.</summary>
    Closed = 0,

    /// <summary>Calls fail fast without touching the provider until the reset timeout has passed.</summary>
    Open = 1,

    /// <summary>One probe call may go through: success closes the breaker, failure opens it again.</summary>
    HalfOpen = 2,
}
