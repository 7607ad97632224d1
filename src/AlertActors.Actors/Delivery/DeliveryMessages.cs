using AlertActors.Domain.Notifications;

namespace AlertActors.Actors.Delivery;

/// <summary>Node-local messages between alert entities and the <see cref="NotificationDispatcher"/>.</summary>
public static class DeliveryMessages
{
    /// <summary>Call the provider once for this delivery; the sender gets a <see cref="Attempted"/>.</summary>
    /// <param name="TraceParent">The W3C <c>traceparent</c> the delivery was scheduled under, which the provider call
    /// joins; null when untraced.</param>
    public sealed record Deliver(long Number, string Provider, NotificationRequest Request, string? TraceParent = null);

    public sealed record Attempted(long Number, string Provider, DeliveryOutcome Outcome);
}
