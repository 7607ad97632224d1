using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;

namespace AlertActors.Projection;

/// <summary>One dead delivery (<see cref="DeliveryStatus.Dead"/>) and the alert whose outbox holds it.</summary>
public sealed record DeadDelivery(AlertState Alert, OutboxDelivery Delivery);

/// <summary>One page of dead deliveries and how many there are in all.</summary>
public sealed record DeadDeliveryPage(IReadOnlyList<DeadDelivery> Deliveries, long Total);
