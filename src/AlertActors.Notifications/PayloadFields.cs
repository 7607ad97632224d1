using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications;

/// <summary>Fields that several providers' payloads render the same way.</summary>
public static class PayloadFields
{
    /// <summary>UTC, milliseconds, <c>Z</c>, independent of the machine's culture.</summary>
    public static string Timestamp(NotificationRequest request) =>
        request.Timestamp.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>The event's <c>data</c> as a JSON object (empty when there is none).</summary>
    public static JsonNode Details(NotificationRequest request) =>
        request.Details is { ValueKind: JsonValueKind.Object } details
            ? JsonNode.Parse(details.GetRawText())!
            : new JsonObject();
}
