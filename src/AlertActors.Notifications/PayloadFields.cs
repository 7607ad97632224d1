using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications;

/// <summary>Fields that several providers' payloads render the same way.</summary>
public static class PayloadFields
{
    /// <summary>What a field that must not be blank falls back to when nothing better is known.</summary>
    public const string Actor = "AlertActors";

    /// <summary>UTC, milliseconds, <c>Z</c>, independent of the machine's culture.</summary>
    public static string Timestamp(NotificationRequest request) =>
        request.Timestamp.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>The event's <c>data</c> as a JSON object (empty when there is none).</summary>
    public static JsonNode Details(NotificationRequest request) =>
        request.Details is { ValueKind: JsonValueKind.Object } details
            ? JsonNode.Parse(details.GetRawText())!
            : new JsonObject();

    /// <summary>
    /// The summary, trimmed and never blank (PagerDuty refuses a blank <c>payload.summary</c> with 400, OpsGenie a
    /// blank
    /// <c>message</c> with 422, Slack a message without text): else <c>{type} on {subject}</c>, else the dedup key.
    /// Trimmed before any cut, so a cut can never leave only whitespace. An escalation step's call says so first:
    /// <c>[escalation 1] ...</c>.
    /// </summary>
    public static string Summary(NotificationRequest request) =>
        request.EscalationStep is { } step ? $"[escalation {step}] {AlertSummary(request)}" : AlertSummary(request);

    private static string AlertSummary(NotificationRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Summary))
            return request.Summary.Trim();
        if (string.IsNullOrWhiteSpace(request.Type))
            return NonBlank(request.DedupKey, Actor);
        return string.IsNullOrWhiteSpace(request.Subject)
            ? request.Type.Trim()
            : $"{request.Type.Trim()} on {request.Subject.Trim()}";
    }

    /// <summary>The source, trimmed and never blank (PagerDuty requires <c>payload.source</c>): else
    /// <see cref="Actor"/>.</summary>
    public static string Source(NotificationRequest request) => NonBlank(request.Source, Actor);

    /// <summary><paramref name="text"/> trimmed, or <paramref name="fallback"/> when it is null, empty or whitespace
    /// only.</summary>
    public static string NonBlank(string? text, string fallback) =>
        string.IsNullOrWhiteSpace(text) ? fallback : text.Trim();

    /// <summary>
    /// A JSON request body with its <c>Content-Length</c> known up front (serialized once into a buffer), so the call
    /// is never sent with chunked transfer encoding, which some receivers and HTTP/1.0 proxies refuse.
    /// </summary>
    public static HttpContent JsonBody(JsonNode body, JsonSerializerOptions? options = null)
    {
        var content = new ByteArrayContent(
            Encoding.UTF8.GetBytes(body.ToJsonString(options ?? PayloadBudget.WireJson))
        );
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
