using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlertActors.Domain.Events;

/// <summary>
/// Prometheus Alertmanager's webhook payload (version 4) as events, so an existing Prometheus stack can
/// route into AlertActors: each alert becomes one event (firing → trigger, resolved → resolve), held to the same
/// per-event limits as every other input (<see cref="EventLimits"/>).
/// <para>Each Alertmanager alert is its own AlertActors alert, as in Alertmanager, where an alert is its label set
/// (its <c>fingerprint</c> is a hash of them): the event's subject is the alert's labels other than <c>alertname</c>
/// (the type) and <c>tenant</c>, sorted by name, in Prometheus notation (<see cref="LabelSet"/>), so the default
/// dedup key <c>{tenant}:{type}:{subject}</c> tells <c>DiskFull{instance="h1",device="sda"}</c> from
/// <c>{device="sdb"}</c>. A rule can merge them on purpose, e.g. <c>dedup-key =
/// "{tenant}:{type}:{data.labels.instance}"</c>.</para>
/// <para>A webhook may hold any number of alerts within the endpoint's body limit: Alertmanager's own
/// <c>max_alerts</c> defaults to 0 (no limit) and it treats a 4xx answer as final, so a count limit here would page
/// nobody in the very storm it was sent for. For the same reason an invalid alert does not refuse the others: the
/// result holds the valid alerts' events and every problem of the rest (<see cref="ParsedEvents.IsPartial"/>).</para>
/// </summary>
public static class AlertmanagerWebhook
{
    /// <summary>How an alert's size is measured against <see cref="EventLimits.MaxEventBytes"/>: its compact JSON,
    /// non-ASCII unescaped.</summary>
    private static readonly JsonSerializerOptions CompactJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Where each event field comes from in an Alertmanager alert, for problem messages.</summary>
    private static readonly IReadOnlyDictionary<string, string> FieldNames = new Dictionary<string, string>
    {
        ["id"] = "fingerprint (event id alertmanager:<fingerprint>:<startsAt>:<status>)",
        ["source"] = "receiver (event source alertmanager/<receiver>)",
        ["type"] = "labels.alertname",
        ["subject"] = "labels (other than alertname and tenant)",
        ["tenant"] = "labels.tenant",
    };

    public static ParsedEvents Parse(ReadOnlySpan<byte> utf8Json, DateTimeOffset receivedAt)
    {
        JsonNode? root;
        try
        {
            // Duplicate member names are refused while parsing (a JsonObject would throw on them later, turning bad
            // input into a crash).
            root = JsonNode.Parse(
                utf8Json.ToArray(),
                documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }
            );
        }
        catch (JsonException ex)
        {
            return ParsedEvents.Invalid($"body is not valid JSON: {ex.Message}");
        }
        if (root is not JsonObject payload)
            return ParsedEvents.Invalid("body must be an Alertmanager webhook object");
        if (payload["version"]?.GetValueKind() != JsonValueKind.String || (string?)payload["version"] != "4")
            return ParsedEvents.Invalid("version: must be \"4\" (Alertmanager webhook payload)");
        if (payload["alerts"] is not JsonArray alerts || alerts.Count == 0)
            return ParsedEvents.Invalid("alerts: must be a non-empty array");

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
            if (
                EventLimits.SizeProblem(Encoding.UTF8.GetByteCount(alert.ToJsonString(CompactJson)), $"alerts[{i}].") is
                { } tooLarge
            )
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
                Subject: LabelSet(labels) is { Length: <= EventLimits.MaxSubjectLength } labelSet
                    ? labelSet
                    : fingerprint,
                Severity: SeverityOf(Text(labels, "severity")),
                Tenant: Text(labels, "tenant") ?? InfraEvent.DefaultTenant,
                Action: resolved ? EventAction.Resolve : EventAction.Trigger,
                Summary: (annotations is null ? null : Text(annotations, "summary") ?? Text(annotations, "description"))
                    ?? alertName,
                Data: JsonSerializer.SerializeToElement(data)
            );
            if (EventLimits.CheckFields(evt, $"alerts[{i}].", problems, FieldNames))
                events.Add(evt);
        }
        // The valid alerts go on beside the problems of the others (a partial result): a 4xx would page nobody.
        return new ParsedEvents(events, problems, alerts.Count - events.Count);
    }

    /// <summary>
    /// An alert's identity as the event's subject: its labels other than <c>alertname</c> and <c>tenant</c> (they are
    /// the event's type and tenant), sorted by name (ordinal), in Prometheus' notation: <c>{device="sda",
    /// instance="h1"}</c>, values escaped as in PromQL string literals (backslash, double quote, line feed), non-string
    /// values as their JSON text; <c>{}</c> when there are none. A label set longer than
    /// <see cref="EventLimits.MaxSubjectLength"/> is represented by the alert's <c>fingerprint</c> instead
    /// (Alertmanager's hash of the same labels).
    /// </summary>
    public static string LabelSet(JsonObject labels)
    {
        var text = new StringBuilder("{");
        foreach (
            var (name, value) in labels
                .Where(l => l.Key is not ("alertname" or "tenant"))
                .OrderBy(l => l.Key, StringComparer.Ordinal)
        )
        {
            if (text.Length > 1)
                text.Append(", ");
            var raw =
                value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                    ? (string)v!
                    : value?.ToJsonString() ?? "";
            text.Append(name)
                .Append("=\"")
                .Append(raw.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n"))
                .Append('"');
        }
        return text.Append('}').ToString();
    }

    /// <summary>Prometheus' customary severity labels onto ours; unknown or missing is high (it was worth an
    /// alert).</summary>
    public static Severity SeverityOf(string? label) =>
        label?.Trim().ToLowerInvariant() switch
        {
            "critical" or "page" or "emergency" => Severity.Critical,
            "error" or "high" or "major" => Severity.High,
            "warning" or "warn" or "medium" or "minor" => Severity.Medium,
            "low" => Severity.Low,
            "info" or "informational" or "none" => Severity.Info,
            _ => Severity.High,
        };

    /// <summary>A string member that is not blank (whitespace only counts as absent, as in CloudEvents input), else
    /// null.</summary>
    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value
        && value.GetValueKind() == JsonValueKind.String
        && (string?)value is { } text
        && !string.IsNullOrWhiteSpace(text)
            ? text
            : null;

    private static DateTimeOffset? Time(JsonObject obj, string name) =>
        Text(obj, name) is { } text
        && DateTimeOffset.TryParse(
            text,
            System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal,
            out var time
        )
        && time.Year > 1
            ? time
            : null;
}
