using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlertActors.Domain.Events;

/// <summary>
/// Prometheus Alertmanager's webhook payload (version 4) as events, so an existing Prometheus stack can
/// route into AlertActors: each alert becomes one event (firing → trigger, resolved → resolve), held to the same
/// per-event limits as every other input (<see cref="EventLimits"/>).
/// </summary>
public static class AlertmanagerWebhook
{
    /// <summary>How an alert's size is measured against <see cref="EventLimits.MaxEventBytes"/>: its compact JSON, non-ASCII unescaped.</summary>
    private static readonly JsonSerializerOptions CompactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Where each event field comes from in an Alertmanager alert, for problem messages.</summary>
    private static readonly IReadOnlyDictionary<string, string> FieldNames = new Dictionary<string, string>
    {
        ["id"] = "fingerprint (event id alertmanager:<fingerprint>:<startsAt>:<status>)",
        ["source"] = "receiver (event source alertmanager/<receiver>)",
        ["type"] = "labels.alertname",
        ["subject"] = "labels.instance (or job, or fingerprint)",
        ["tenant"] = "labels.tenant",
    };

    public static ParsedEvents Parse(ReadOnlySpan<byte> utf8Json, DateTimeOffset receivedAt)
    {
        JsonNode? root;
        try
        {
            // Duplicate member names are refused while parsing (a JsonObject would throw on them later, turning bad input into a crash).
            root = JsonNode.Parse(utf8Json.ToArray(), documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException ex)
        {
            return ParsedEvents.Invalid($"body is not valid JSON: {ex.Message}");
        }
        if (root is not JsonObject payload) return ParsedEvents.Invalid("body must be an Alertmanager webhook object");
        if (payload["version"]?.GetValueKind() != JsonValueKind.String || (string?)payload["version"] != "4")
            return ParsedEvents.Invalid("version: must be \"4\" (Alertmanager webhook payload)");
        if (payload["alerts"] is not JsonArray alerts || alerts.Count == 0) return ParsedEvents.Invalid("alerts: must be a non-empty array");
        if (alerts.Count > InfraEventParser.MaxBatchSize)
            return ParsedEvents.Invalid($"alerts: {alerts.Count} alerts; the limit is {InfraEventParser.MaxBatchSize}");

        var receiver = Text(payload, "receiver") ?? "webhook";
        var events = new List<InfraEvent>(alerts.Count);
        var problems = new List<string>();
        for (var i = 0; i < alerts.Count; i++)
        {
            if (alerts[i] is not JsonObject alert)
            {
                problems.Add($"alerts[{i}]: must be an object");
                continue;
            }
            if (EventLimits.SizeProblem(Encoding.UTF8.GetByteCount(alert.ToJsonString(CompactJson)), $"alerts[{i}].") is { } tooLarge)
            {
                problems.Add(tooLarge);
                continue;
            }
            var labels = alert["labels"] as JsonObject;
            var alertName = labels is null ? null : Text(labels, "alertname");
            if (alertName is null)
            {
                problems.Add($"alerts[{i}].labels.alertname: is required");
                continue;
            }
            var resolved = Text(alert, "status") == "resolved";
            var startsAt = Time(alert, "startsAt") ?? receivedAt;
            var at = resolved ? Time(alert, "endsAt") ?? receivedAt : startsAt;
            var fingerprint = Text(alert, "fingerprint") ?? alertName;
            var annotations = alert["annotations"] as JsonObject;
            var data = new JsonObject
            {
                ["labels"] = labels!.DeepClone(),
                ["annotations"] = annotations?.DeepClone() ?? new JsonObject(),
                ["fingerprint"] = fingerprint,
                ["generator_url"] = Text(alert, "generatorURL"),
            };
            var evt = new InfraEvent(
                Id: $"alertmanager:{fingerprint}:{startsAt:O}:{(resolved ? "resolved" : "firing")}",
                Source: $"alertmanager/{receiver}",
                Type: alertName,
                Time: at,
                Subject: Text(labels, "instance") ?? Text(labels, "job") ?? fingerprint,
                Severity: SeverityOf(Text(labels, "severity")),
                Tenant: Text(labels, "tenant") ?? InfraEvent.DefaultTenant,
                Action: resolved ? EventAction.Resolve : EventAction.Trigger,
                Summary: (annotations is null ? null : Text(annotations, "summary") ?? Text(annotations, "description")) ?? alertName,
                Data: JsonSerializer.SerializeToElement(data));
            if (EventLimits.CheckFields(evt, $"alerts[{i}].", problems, FieldNames)) events.Add(evt);
        }
        return problems.Count > 0 ? new ParsedEvents([], problems) : new ParsedEvents(events, []);
    }

    /// <summary>Prometheus' customary severity labels onto ours; unknown or missing is high (it was worth an alert).</summary>
    public static Severity SeverityOf(string? label) => label?.Trim().ToLowerInvariant() switch
    {
        "critical" or "page" or "emergency" => Severity.Critical,
        "error" or "high" or "major" => Severity.High,
        "warning" or "warn" or "medium" or "minor" => Severity.Medium,
        "low" => Severity.Low,
        "info" or "informational" or "none" => Severity.Info,
        _ => Severity.High,
    };

    /// <summary>A string member that is not blank (whitespace only counts as absent, as in CloudEvents input), else null.</summary>
    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String && (string?)value is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static DateTimeOffset? Time(JsonObject obj, string name) =>
        Text(obj, name) is { } text && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal, out var time) && time.Year > 1 ? time : null;
}
