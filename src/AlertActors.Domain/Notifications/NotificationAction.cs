namespace AlertActors.Domain.Notifications;

/// <summary>What a notification asks of a provider, in lifecycle order.</summary>
public enum NotificationAction
{
    Trigger = 0,
    Acknowledge = 1,
    Resolve = 2,

    /// <summary>A PagerDuty change event (a deploy, a config push): recorded context, no incident.</summary>
    Change = 3,
}
