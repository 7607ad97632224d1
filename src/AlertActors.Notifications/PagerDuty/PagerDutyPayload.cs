using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications.PagerDuty;

/// <summary>Builds PagerDuty Events API v2 bodies as PagerDuty documents them (docs/http-api.md "Calls out").</summary>
public static class PagerDutyPayload
{
    public const int MaxDedupKeyLength = 255;
    public const int MaxSummaryLength = 1024;

    public static string SeverityOf(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.High => "error",
        Severity.Medium => "warning",
        _ => "info",
    };

    /// <summary>The path relative to the endpoint: change events have their own API.</summary>
    public static string PathOf(NotificationRequest request) =>
        request.Action == NotificationAction.Change ? "v2/change/enqueue" : "v2/enqueue";

    /// <summary>Change Events API: <c>POST /v2/change/enqueue</c> with routing_key and payload{summary, timestamp, source, custom_details}.</summary>
    private static JsonObject ChangeEvent(NotificationRequest request, string routingKey) => new()
    {
        ["routing_key"] = routingKey,
        ["payload"] = new JsonObject
        {
            ["summary"] = TextLimits.Truncate(request.Summary, MaxSummaryLength),
            ["timestamp"] = PayloadFields.Timestamp(request),
            ["source"] = request.Source,
            ["custom_details"] = PayloadFields.Details(request),
        },
    };

    public static string ActionOf(NotificationAction action) => action switch
    {
        NotificationAction.Trigger => "trigger",
        NotificationAction.Acknowledge => "acknowledge",
        _ => "resolve",
    };

    public static JsonObject Build(NotificationRequest request, string routingKey, IReadOnlyDictionary<Severity, string>? severityMap = null)
    {
        if (request.Action == NotificationAction.Change) return ChangeEvent(request, routingKey);
        var body = new JsonObject
        {
            ["routing_key"] = routingKey,
            ["event_action"] = ActionOf(request.Action),
            ["dedup_key"] = TextLimits.StableKey(request.DedupKey, MaxDedupKeyLength),
        };
        if (request.Action != NotificationAction.Trigger) return body;

        var payload = new JsonObject
        {
            ["summary"] = TextLimits.Truncate(request.Summary, MaxSummaryLength),
            ["source"] = request.Source,
            ["severity"] = severityMap?.GetValueOrDefault(request.Severity) ?? SeverityOf(request.Severity),
            ["timestamp"] = PayloadFields.Timestamp(request),
            ["component"] = request.Subject ?? "",
            ["group"] = request.Tenant,
            ["class"] = request.Type,
            ["custom_details"] = PayloadFields.Details(request),
        };
        body["payload"] = payload;
        return body;
    }
}
