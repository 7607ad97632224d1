using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;

namespace AlertActors.Projection;

/// <summary>The dead-letter columns of an <c>alert_list</c> row, derived from the row's state.</summary>
/// <param name="Count">How many deliveries in the alert's outbox are dead.</param>
/// <param name="LastAt">When the most recent of them went dead, in Unix milliseconds (0 when none).</param>
public readonly record struct DeadDeliverySummary(int Count, long LastAt)
{
    public static DeadDeliverySummary Of(AlertState state)
    {
        int count = 0;
        long last = 0;
        foreach (var delivery in state.Deliveries)
        {
            if (delivery.Status != DeliveryStatus.Dead)
                continue;
            count++;
            last = Math.Max(last, DeadAt(delivery).ToUnixTimeMilliseconds());
        }
        return new DeadDeliverySummary(count, last);
    }

    /// <summary>The alert's dead deliveries, newest first (the order the dead-letter list shows them in).</summary>
    public static IEnumerable<OutboxDelivery> DeadDeliveriesOf(AlertState state) =>
        state
            .Deliveries.Where(d => d.Status == DeliveryStatus.Dead)
            .OrderByDescending(DeadAt)
            .ThenByDescending(d => d.Number);

    private static DateTimeOffset DeadAt(OutboxDelivery delivery) => delivery.CompletedAt ?? delivery.CreatedAt;
}
