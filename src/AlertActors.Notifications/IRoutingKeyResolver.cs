using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications;

/// <summary>
/// A provider whose rate limit applies per routing key (PagerDuty: per integration key). The delivery layer
/// keys its rate limiter with this; the value is a secret and is never logged.
/// </summary>
public interface IRoutingKeyResolver
{
    /// <summary>The routing key this request would be sent with, exactly as the provider picks it.</summary>
    string RoutingKeyFor(NotificationRequest request);
}
