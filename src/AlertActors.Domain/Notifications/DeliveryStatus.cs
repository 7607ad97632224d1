namespace AlertActors.Domain.Notifications;

public enum DeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    DryRun = 2,

    /// <summary>Refused for good (e.g. 400) or out of retry budget: on the dead-letter list until retried.</summary>
    Dead = 3,

    /// <summary>A remediation attempt that was not answered with success (README "Remediation"): final, never retried
    /// (the next attempt is a delivery of its own) and not on the dead-letter list.</summary>
    Failed = 4,

    /// <summary>A remediation attempt an acknowledge or resolve made moot before it was answered.</summary>
    Cancelled = 5,
}

public static class DeliveryStatusNames
{
    public static string ToName(this DeliveryStatus status) =>
        status switch
        {
            DeliveryStatus.DryRun => "dry-run",
            _ => status.ToString().ToLowerInvariant(),
        };
}
