using AlertActors.Domain.Alerts;
using AlertActors.Projection;

namespace AlertActors.Host.Api;

/// <summary>A dead delivery as <c>GET /api/v1/deliveries/dead</c> shows it; snake_case on the wire.</summary>
public sealed record DeadDeliveryJson(
    string Id,
    string DedupKey,
    long Number,
    string Provider,
    string Action,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? Detail,
    string AlertStatus
)
{
    public static DeadDeliveryJson From(DeadDelivery dead) =>
        new(
            DeadDeliveryId.Encode(dead.Alert.DedupKey, dead.Delivery.Number),
            dead.Alert.DedupKey,
            dead.Delivery.Number,
            dead.Delivery.Provider,
            dead.Delivery.Request.Action.ToString().ToLowerInvariant(),
            dead.Delivery.Attempts,
            dead.Delivery.CreatedAt,
            dead.Delivery.CompletedAt,
            dead.Delivery.Detail,
            dead.Alert.Status.ToName()
        );
}
