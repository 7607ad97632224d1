namespace AlertActors.Domain.Alerts;

/// <summary>The timers an alert owns. Their due times are derived from persisted state, so recovery re-arms
/// them.</summary>
public enum AlertTimer
{
    /// <summary>Resolve after <c>auto-resolve-after</c> without an occurrence.</summary>
    AutoResolve = 0,

    /// <summary>Re-notify every <c>repeat-interval</c> while firing and unacknowledged.</summary>
    Repeat = 1,

    /// <summary>Send a notification the throttle or a silence held back, once both allow it.</summary>
    OwedNotification = 2,

    /// <summary>Notify the next escalation step while firing and unacknowledged (README "Escalation").</summary>
    Escalation = 3,
}
