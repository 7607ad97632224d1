namespace AlertActors.Domain.Alerts;

/// <summary>
/// How an acknowledgement or resolve reached the alert (<see cref="TimelineEntry.Via"/>, the read store's
/// <c>resolved_how</c>): through the HTTP API (or alertctl, or a group's acknowledgement), by an event with
/// <c>action = "resolve"</c>, by a provider's webhook (PagerDuty, OpsGenie), by the auto-resolve timer, or by a
/// successful remediation attempt.
/// </summary>
public static class ChangeVia
{
    public const string Api = "api";
    public const string Event = "event";
    public const string Webhook = "webhook";
    public const string AutoResolve = "auto-resolve";

    /// <summary>A successful remediation attempt resolved it (README "Remediation").</summary>
    public const string Remediation = "remediation";

    /// <summary>The <c>by</c> of a resolve decided for an event: <c>event:&lt;source&gt;</c>.</summary>
    public const string EventByPrefix = "event:";

    /// <summary>
    /// How a change by <paramref name="by"/> came: a webhook when it names a provider <paramref name="origin"/> or a
    /// webhook event id, else the auto-resolve timer or an event by its <paramref name="by"/>, else the API. Journals
    /// written before <c>Origin</c> existed give <c>api</c> for a webhook change that carried no event id.
    /// </summary>
    public static string Of(string? by, string? origin = null, string? webhookEventId = null) =>
        origin is not null || webhookEventId is not null ? Webhook
        : by == AlertState.AutoResolver ? AutoResolve
        : by == AlertState.RemediationResolver ? Remediation
        : by?.StartsWith(EventByPrefix, StringComparison.Ordinal) == true ? Event
        : Api;

    /// <summary>How <paramref name="entry"/> came: its <see cref="TimelineEntry.Via"/>, or inferred from its
    /// <c>by</c> for an entry journaled before it existed.</summary>
    public static string Of(TimelineEntry entry) => entry.Via ?? Of(entry.By);
}
