using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Inhibition;

/// <summary>An alert as the event fields rule conditions read: its latest occurrence's fields and
/// <c>data</c>.</summary>
public static class AlertAsEvent
{
    /// <summary>
    /// <c>id</c> is the dedup key, <c>time</c> the last occurrence, <c>action</c> trigger, <c>data</c> the latest
    /// occurrence's data (an Alertmanager alert's labels are <c>data.labels.*</c>).
    /// </summary>
    public static InfraEvent Of(AlertState alert) =>
        new(
            alert.DedupKey,
            alert.Source,
            alert.Type,
            alert.LastOccurrenceAt ?? alert.LastSeen ?? DateTimeOffset.UnixEpoch,
            alert.Subject,
            alert.Severity,
            alert.Tenant,
            EventAction.Trigger,
            alert.Summary,
            alert.Details
        );
}
