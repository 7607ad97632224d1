using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;

namespace AlertActors.Notifications.OpsGenie;

/// <summary>
/// Builds OpsGenie Alert API v2 paths and bodies as OpsGenie documents them (docs/http-api.md "Calls out"), within
/// OpsGenie's documented field limits (https://docs.opsgenie.com/docs/alert-api, create/acknowledge/close alert; README
/// "Limits"): a body OpsGenie would refuse (422) for a blank or over-long field is never built; fields are cut to their
/// budget instead, on a character boundary.
/// </summary>
public static class OpsGeniePayload
{
    /// <summary><c>message</c>: at most 130 characters, and not blank.</summary>
    public const int MaxMessageLength = 130;

    /// <summary><c>alias</c>: at most 512 characters; longer dedup keys become
    /// <see cref="TextLimits.StableKey"/>.</summary>
    public const int MaxAliasLength = 512;

    /// <summary><c>description</c>: at most 15,000 characters.</summary>
    public const int MaxDescriptionLength = 15000;

    /// <summary><c>tags</c>: at most 20 tags…</summary>
    public const int MaxTags = 20;

    /// <summary>…of at most 50 characters each.</summary>
    public const int MaxTagLength = 50;

    /// <summary><c>details</c>: at most 8,000 characters in total (keys and values); the largest values are cut first
    /// (<see cref="PayloadBudget.FitMap"/>).</summary>
    public const int MaxDetailsLength = 8000;

    /// <summary><c>entity</c>: at most 512 characters.</summary>
    public const int MaxEntityLength = 512;

    /// <summary><c>responders</c>: at most 50.</summary>
    public const int MaxResponders = 50;

    /// <summary><c>source</c>: at most 100 characters.</summary>
    public const int MaxSourceLength = 100;

    /// <summary><c>user</c> (acknowledge, close): at most 100 characters.</summary>
    public const int MaxUserLength = 100;

    /// <summary><c>note</c> (acknowledge, close): at most 25,000 characters.</summary>
    public const int MaxNoteLength = 25000;

    public const string Actor = PayloadFields.Actor;

    private const string DedupKeyDetail = "dedup_key";

    public static string PriorityOf(Severity severity) =>
        severity switch
        {
            Severity.Critical => "P1",
            Severity.High => "P2",
            Severity.Medium => "P3",
            Severity.Low => "P4",
            _ => "P5",
        };

    /// <summary>The alert's dedup key, or an escalation step's <see cref="EscalationKeys.IncidentKey"/>, within
    /// <see cref="MaxAliasLength"/>.</summary>
    public static string Alias(NotificationRequest request) =>
        TextLimits.StableKey(request.IncidentKey(), MaxAliasLength);

    /// <summary>The path relative to the endpoint, e.g. <c>v2/alerts</c> or
    /// <c>v2/alerts/{alias}/close?identifierType=alias</c>.</summary>
    public static string PathOf(NotificationRequest request) =>
        request.Action switch
        {
            NotificationAction.Trigger => "v2/alerts",
            NotificationAction.Acknowledge =>
                $"v2/alerts/{Uri.EscapeDataString(Alias(request))}/acknowledge?identifierType=alias",
            _ => $"v2/alerts/{Uri.EscapeDataString(Alias(request))}/close?identifierType=alias",
        };

    public static JsonObject Build(NotificationRequest request) => Build(request, AlertRoute.Default);

    public static JsonObject Build(NotificationRequest request, AlertRoute route, OpsGenieOptions? options = null)
    {
        if (request.Action != NotificationAction.Trigger)
        {
            var change = new JsonObject
            {
                ["user"] = TextLimits.Truncate(PayloadFields.NonBlank(request.By, Actor), MaxUserLength),
                ["source"] = Actor,
            };
            if (!string.IsNullOrWhiteSpace(request.Note))
                change["note"] = TextLimits.Truncate(request.Note.Trim(), MaxNoteLength);
            return change;
        }

        var body = new JsonObject
        {
            ["message"] = TextLimits.Truncate(PayloadFields.Summary(request), MaxMessageLength),
            ["alias"] = Alias(request),
            ["description"] = TextLimits.Truncate(Description(request), MaxDescriptionLength),
            ["priority"] = options?.PriorityMap.GetValueOrDefault(request.Severity) ?? PriorityOf(request.Severity),
            ["tags"] = new JsonArray(Tags(request, route).Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
            ["details"] = Details(request),
            ["entity"] = TextLimits.Truncate(request.Subject ?? "", MaxEntityLength),
            ["source"] = TextLimits.Truncate(PayloadFields.Source(request), MaxSourceLength),
        };
        var responders =
            options?.RespondersFor(request.Tenant, request.Severity, route.OpsGenieResponders)
            ?? route.OpsGenieResponders;
        if (!responders.IsDefaultOrEmpty)
            body["responders"] = Responders(responders);
        return body;
    }

    /// <summary><c>team:name</c>, <c>user:login</c>, <c>escalation:name</c>, <c>schedule:name</c>; a bare name is a
    /// team.</summary>
    public static JsonArray Responders(IEnumerable<string> responders) =>
        new(
            responders
                .Take(MaxResponders)
                .Select(responder =>
                {
                    var colon = responder.IndexOf(':');
                    var type = colon > 0 ? responder[..colon].Trim().ToLowerInvariant() : "team";
                    var name = colon > 0 ? responder[(colon + 1)..].Trim() : responder.Trim();
                    return (JsonNode)(
                        type == "user"
                            ? new JsonObject { ["username"] = name, ["type"] = "user" }
                            : new JsonObject { ["name"] = name, ["type"] = type }
                    );
                })
                .ToArray()
        );

    private static string Description(NotificationRequest request) =>
        $"{PayloadFields.Summary(request)}\n\ntype: {request.Type}\nsubject: {request.Subject}\ntenant: {request.Tenant}\nseverity: {request.Severity.ToName()}\ndedup key: {request.DedupKey}";

    private static IEnumerable<string> Tags(NotificationRequest request, AlertRoute route) =>
        new[] { "alertactors", $"severity:{request.Severity.ToName()}", $"tenant:{request.Tenant}", request.Type }
            .Concat(route.OpsGenieTags.IsDefault ? [] : route.OpsGenieTags)
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => TextLimits.Truncate(t.Trim(), MaxTagLength))
            .Distinct()
            .Take(MaxTags);

    /// <summary>The event's data as a string map (non-strings as their JSON text) plus the dedup key, within
    /// <see cref="MaxDetailsLength"/>.</summary>
    private static JsonObject Details(NotificationRequest request)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Details is { ValueKind: JsonValueKind.Object } data)
        {
            foreach (var property in data.EnumerateObject())
                members[property.Name] =
                    property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()!
                        : property.Value.GetRawText();
        }
        members[DedupKeyDetail] = Alias(request); // the dedup key itself unless it is longer than an alias may be
        var details = new JsonObject();
        foreach (var (name, value) in PayloadBudget.FitMap([.. members], MaxDetailsLength, KeptDetails))
            details[name] = value;
        return details;
    }

    private static readonly IReadOnlySet<string> KeptDetails = new HashSet<string>(StringComparer.Ordinal)
    {
        DedupKeyDetail,
    };
}
