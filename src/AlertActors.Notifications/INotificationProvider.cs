using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications;

/// <summary>One outbound provider (PagerDuty, OpsGenie, …): one attempt per call, no hidden retries.</summary>
public interface INotificationProvider
{
    /// <summary>The provider name used in rules and deliveries, e.g. <c>pagerduty</c>.</summary>
    string Name { get; }

    /// <summary>True when no key is configured for this request: it is recorded and logged, nothing is sent.</summary>
    bool IsDryRun(NotificationRequest request);

    Task<DeliveryOutcome> SendAsync(NotificationRequest request, CancellationToken cancellationToken);

    /// <summary>How long the delivery layer waits for an answer to <paramref name="request"/> before it gives up on the
    /// call; null: the node's <c>delivery.call-timeout</c>. A provider whose calls may take longer (a remediation
    /// endpoint's <c>timeout</c>, up to 5 minutes) says so here, so that no second call overlaps one still
    /// running.</summary>
    TimeSpan? CallTimeoutOf(NotificationRequest request) => null;

    /// <summary>False for a provider whose calls go to many independent endpoints (remediation: each rule's own), where
    /// one endpoint's failures must not refuse the calls to the others: its supervisor then keeps no circuit breaker
    /// and makes every call. True (the default) for one provider API behind one breaker.</summary>
    bool HasCircuitBreaker => true;
}
