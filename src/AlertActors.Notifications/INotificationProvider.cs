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
}
