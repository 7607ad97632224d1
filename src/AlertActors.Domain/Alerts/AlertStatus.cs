namespace AlertActors.Domain.Alerts;

/// <summary>An alert's lifecycle: pending, firing, acknowledged, resolved. <see cref="None"/> is an entity that has
/// never recorded anything.</summary>
public enum AlertStatus
{
    None = 0,
    Pending = 1,
    Firing = 2,
    Acknowledged = 3,
    Resolved = 4,
}

public static class AlertStatusNames
{
    public static string ToName(this AlertStatus status) => status.ToString().ToLowerInvariant();

    public static bool IsOpen(this AlertStatus status) => status is AlertStatus.Firing or AlertStatus.Acknowledged;
}
