namespace AlertActors.Domain.Notifications;

public enum DeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    DryRun = 2,

    /// <summary>Refused for good (e.g. 400) or out of retry budget: on the dead-letter list until retried.</summary>
    Dead = 3,
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
