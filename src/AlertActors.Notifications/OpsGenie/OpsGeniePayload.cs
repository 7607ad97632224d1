using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;

namespace AlertActors.Notifications.OpsGenie;

/// <summary>Builds OpsGenie Alert API v2 paths and bodies as OpsGenie documents them (docs/http-api.md "Calls out").</summary>
public static class OpsGeniePayload
{
    public const int MaxMessageLength = 130;
    public const int MaxAliasLength = 512;
    public const int MaxDescriptionLength = 15000;
    public const int MaxTags = 20;
    public const int MaxTagLength = 50;
    public const int MaxEntityLength = 512;
    public const int MaxResponders = 50;
    public const int MaxSourceLength = 100;
    public const int MaxUserLength = 100;
    public const int MaxNoteLength = 25000;
    public const string Actor = "AlertActors";

    public static string PriorityOf(Severity severity) => severity switch
    {
        Severity.Critical => "P1",
        Severity.High => "P2",
        Severity.Medium => "P3",
        Severity.Low => "P4",
        _ => "P5",
    };

    public static string Alias(NotificationRequest request) => TextLimits.StableKey(request.DedupKey, MaxAliasLength);

    /// <summary>The path relative to the endpoint, e.g. <c>v2/alerts</c> or <c>v2/alerts/{alias}/close?identifierType=alias</c>.</summary>
    public static string PathOf(NotificationRequest request) => request.Action switch
    {
        NotificationAction.Trigger => "v2/alerts",
        NotificationAction.Acknowledge => $"v2/alerts/{Uri.EscapeDataString(Alias(request))}/acknowledge?identifierType=alias",
        _ => $"v2/alerts/{Uri.EscapeDataString(Alias(request))}/close?identifierType=alias",
    };

    public static JsonObject Build(NotificationRequest request) => Build(request, AlertRoute.Default);

    public static JsonObject Build(NotificationRequest request, AlertRoute route, OpsGenieOptions? options = null)
    {
        if (request.Action != NotificationAction.Trigger)
        {
            var change = new JsonObject { ["user"] = TextLimits.Truncate(request.By ?? Actor, MaxUserLength), ["source"] = Actor };
            if (request.Note is { Length: > 0 } note) change["note"] = TextLimits.Truncate(note, MaxNoteLength);
            return change;
        }

        var body = new JsonObject
        {
            ["message"] = TextLimits.Truncate(request.Summary, MaxMessageLength),
            ["alias"] = Alias(request),
            ["description"] = TextLimits.Truncate(Description(request), MaxDescriptionLength),
            ["priority"] = options?.PriorityMap.GetValueOrDefault(request.Severity) ?? PriorityOf(request.Severity),
            ["tags"] = new JsonArray(Tags(request, route).Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
            ["details"] = Details(request),
            ["entity"] = TextLimits.Truncate(request.Subject ?? "", MaxEntityLength),
            ["source"] = TextLimits.Truncate(request.Source, MaxSourceLength),
        };
        var responders = options?.RespondersFor(request.Tenant, request.Severity, route.OpsGenieResponders) ?? route.OpsGenieResponders;
        if (!responders.IsDefaultOrEmpty) body["responders"] = Responders(responders);
        return body;
    }

    /// <summary><c>team:name</c>, <c>user:login</c>, <c>escalation:name</c>, <c>schedule:name</c>; a bare name is a team.</summary>
    public static JsonArray Responders(IEnumerable<string> responders) => new(responders.Take(MaxResponders).Select(responder =>
    {
        var colon = responder.IndexOf(':');
        var type = colon > 0 ? responder[..colon].Trim().ToLowerInvariant() : "team";
        var name = colon > 0 ? responder[(colon + 1)..].Trim() : responder.Trim();
        return (JsonNode)(type == "user"
            ? new JsonObject { ["username"] = name, ["type"] = "user" }
            : new JsonObject { ["name"] = name, ["type"] = type });
    }).ToArray());

    private static string Description(NotificationRequest request) =>
        $"{request.Summary}\n\ntype: {request.Type}\nsubject: {request.Subject}\ntenant: {request.Tenant}\nseverity: {request.Severity.ToName()}\ndedup key: {request.DedupKey}";

    private static IEnumerable<string> Tags(NotificationRequest request, AlertRoute route) =>
        new[] { "alertactors", $"severity:{request.Severity.ToName()}", $"tenant:{request.Tenant}", request.Type }
            .Concat(route.OpsGenieTags.IsDefault ? [] : route.OpsGenieTags)
            .Select(t => TextLimits.Truncate(t, MaxTagLength))
            .Distinct()
            .Take(MaxTags);

    private static JsonObject Details(NotificationRequest request)
    {
        var details = new JsonObject();
        if (request.Details is { ValueKind: JsonValueKind.Object } data)
        {
            foreach (var property in data.EnumerateObject())
                details[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : property.Value.GetRawText();
        }
        details["dedup_key"] = request.DedupKey;
        return details;
    }
}
