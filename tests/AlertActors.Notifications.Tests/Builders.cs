using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;
using AlertActors.Notifications.Slack;
using AlertActors.Notifications.Webhook;

namespace AlertActors.Notifications.Tests;

/// <summary>A fixed time and a notification request to build payloads from. Time never comes from the clock.</summary>
internal static class Build
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Any per-attempt timeout: these tests answer every call at once.</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Dry-run providers (no key, no URL) on the providers' public endpoints; tests add what they need with
    /// <c>with</c>.</summary>
    public static readonly PagerDutyOptions DryPagerDuty = new()
    {
        Endpoint = new Uri("https://events.pagerduty.com"),
        AttemptTimeout = AttemptTimeout,
    };

    public static readonly OpsGenieOptions DryOpsGenie = new()
    {
        Endpoint = new Uri("https://api.opsgenie.com"),
        AttemptTimeout = AttemptTimeout,
        HeartbeatInterval = TimeSpan.FromMinutes(1),
    };

    public static readonly WebhookOptions DryWebhook = new() { AttemptTimeout = AttemptTimeout };

    public static readonly SlackOptions DrySlack = new() { AttemptTimeout = AttemptTimeout };

    /// <summary>Structural JSON equality with both texts in the failure message.</summary>
    public static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(expected), actual),
            $"expected {expected}\n  actual {actual.ToJsonString()}"
        );

    public static NotificationRequest Request(
        NotificationAction action = NotificationAction.Trigger,
        string dedupKey = "acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff",
        string summary = "rogue MAC on site-a",
        Severity severity = Severity.High,
        string source = "dhcp-watcher/site-a",
        string type = "dhcp.lease.rogue_mac",
        string? subject = "aa:bb:cc:dd:ee:ff",
        string tenant = "acme",
        DateTimeOffset? timestamp = null,
        string? detailsJson = null,
        string? by = null,
        string? note = null
    ) =>
        new(
            dedupKey,
            action,
            summary,
            severity,
            source,
            type,
            subject,
            tenant,
            timestamp ?? T0,
            detailsJson is null ? null : Json(detailsJson),
            "default",
            by,
            note
        );

    private static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
