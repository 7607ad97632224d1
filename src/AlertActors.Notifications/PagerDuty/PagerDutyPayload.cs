using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications.PagerDuty;

/// <summary>
/// Builds PagerDuty Events API v2 bodies as PagerDuty documents them (docs/http-api.md "Calls out"), within PagerDuty's
/// documented limits (https://developer.pagerduty.com/docs/send-alert-event, README "Limits"): a body PagerDuty would
/// refuse for a blank or over-long field or its size is never built; fields are cut to their budget instead.
/// </summary>
public static class PagerDutyPayload
{
    /// <summary><c>dedup_key</c> (the alert's dedup key, or an escalation step's
    /// <see cref="EscalationKeys.IncidentKey"/>): at most 255 characters; longer keys become
    /// <see cref="TextLimits.StableKey"/>.</summary>
    public const int MaxDedupKeyLength = 255;

    /// <summary><c>payload.summary</c>: at most 1,024 characters, and not blank.</summary>
    public const int MaxSummaryLength = 1024;

    /// <summary>The whole event: at most 512 KB, taken as 512,000 bytes of UTF-8 JSON (the stricter reading);
    /// <c>custom_details</c> is cut to fit.</summary>
    public const int MaxEventBytes = 512 * 1000;

    public static string SeverityOf(Severity severity) =>
        severity switch
        {
            Severity.Critical => "critical",
            Severity.High => "error",
            Severity.Medium => "warning",
            _ => "info",
        };

    /// <summary>The path relative to the endpoint: change events have their own API.</summary>
    public static string PathOf(NotificationRequest request) =>
        request.Action == NotificationAction.Change ? "v2/change/enqueue" : "v2/enqueue";

    /// <summary>Change Events API: <c>POST /v2/change/enqueue</c> with routing_key and payload{summary, timestamp,
    /// source, custom_details}.</summary>
    private static JsonObject ChangeEvent(NotificationRequest request, string routingKey) =>
        WithinEventBudget(
            new JsonObject
            {
                ["routing_key"] = routingKey,
                ["payload"] = new JsonObject
                {
                    ["summary"] = TextLimits.Truncate(PayloadFields.Summary(request), MaxSummaryLength),
                    ["timestamp"] = PayloadFields.Timestamp(request),
                    ["source"] = PayloadFields.Source(request),
                    ["custom_details"] = PayloadFields.Details(request),
                },
            }
        );

    public static string ActionOf(NotificationAction action) =>
        action switch
        {
            NotificationAction.Trigger => "trigger",
            NotificationAction.Acknowledge => "acknowledge",
            _ => "resolve",
        };

    public static JsonObject Build(
        NotificationRequest request,
        string routingKey,
        IReadOnlyDictionary<Severity, string>? severityMap = null
    )
    {
        if (request.Action == NotificationAction.Change)
            return ChangeEvent(request, routingKey);
        var body = new JsonObject
        {
            ["routing_key"] = routingKey,
            ["event_action"] = ActionOf(request.Action),
            ["dedup_key"] = TextLimits.StableKey(request.IncidentKey(), MaxDedupKeyLength),
        };
        if (request.Action != NotificationAction.Trigger)
            return body;

        var payload = new JsonObject
        {
            ["summary"] = TextLimits.Truncate(PayloadFields.Summary(request), MaxSummaryLength),
            ["source"] = PayloadFields.Source(request),
            ["severity"] = severityMap?.GetValueOrDefault(request.Severity) ?? SeverityOf(request.Severity),
            ["timestamp"] = PayloadFields.Timestamp(request),
            ["component"] = request.Subject ?? "",
            ["group"] = request.Tenant,
            ["class"] = request.Type,
            ["custom_details"] = PayloadFields.Details(request),
        };
        body["payload"] = payload;
        return WithinEventBudget(body);
    }

    /// <summary><paramref name="body"/> with <c>payload.custom_details</c> cut (<see cref="PayloadBudget.FitJson"/>) so
    /// the whole event is within <see cref="MaxEventBytes"/>.</summary>
    private static JsonObject WithinEventBudget(JsonObject body)
    {
        var payload = body["payload"]!.AsObject();
        var details = payload["custom_details"]!.AsObject();
        var size = PayloadBudget.Bytes(body);
        if (size <= MaxEventBytes)
            return body;
        var budget = MaxEventBytes - (size - PayloadBudget.Bytes(details));
        payload["custom_details"] = PayloadBudget.FitJson((JsonObject)details.DeepClone(), Math.Max(budget, 2));
        return body;
    }
}
