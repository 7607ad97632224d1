using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Alerts;

/// <summary>Events the alert entity persists. Each carries its own time, so replay is deterministic.</summary>
public interface IAlertEvent : IAlertMessage;

public static class AlertEvents
{
    public sealed record OccurrenceRecorded(Occurrence Occurrence, DateTimeOffset ReceivedAt) : IAlertEvent;

    public sealed record Fired(DateTimeOffset At, int Period) : IAlertEvent;

    public sealed record Acknowledged(DateTimeOffset At, string By, string? Note) : IAlertEvent;

    public sealed record Resolved(DateTimeOffset At, string By, string? Note) : IAlertEvent;

    public sealed record DeliveryScheduled(Delivery Delivery) : IAlertEvent;

    public sealed record DeliveryAttemptFailed(long DeliveryNumber, DateTimeOffset At, string Error) : IAlertEvent;

    public sealed record DeliveryCompleted(long DeliveryNumber, DateTimeOffset At, DeliveryStatus Status, string? Detail) : IAlertEvent;
}
