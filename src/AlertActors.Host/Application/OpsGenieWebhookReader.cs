using System.Text.Json;
using AlertActors.Domain.Notifications;
using static AlertActors.Host.Application.ProviderWebhookReading;

namespace AlertActors.Host.Application;

/// <summary>
/// Reads an OpsGenie webhook integration's body: actions <c>Acknowledge</c> and <c>Close</c> act on
/// <c>alert.alias</c>, by <c>alert.username</c>; other actions are ignored. OpsGenie names no action id:
/// <c>alert.alertId</c>, the action and <c>alert.updatedAt</c> together are one, and <c>updatedAt</c> is the change's
/// time, so a replay changes nothing.
/// </summary>
public static class OpsGenieWebhookReader
{
    public static ProviderWebhookReading Read(byte[] body)
    {
        using var root = Parse(body);
        if (root is null)
            return new Invalid("body is not valid JSON");
        if (
            root.RootElement.ValueKind != JsonValueKind.Object
            || StringOf(root.RootElement, "action") is not { } action
        )
            return new Invalid("body is not an OpsGenie webhook: \"action\" is missing");
        if (!TryObject(root.RootElement, "alert", out var alert))
            return new Invalid("body is not an OpsGenie webhook: it has no \"alert\" object");
        var acknowledge = action.Equals("Acknowledge", StringComparison.OrdinalIgnoreCase);
        if (!acknowledge && !action.Equals("Close", StringComparison.OrdinalIgnoreCase))
            return new Ignored($"action {action} does not change an alert");
        if (StringOf(alert, "alias") is not { Length: > 0 } dedupKey)
            return new Ignored("the alert has no alias");

        var by = StringOf(alert, "username") is { Length: > 0 } who ? who : ProviderNames.OpsGenie;
        var note = StringOf(alert, "note") is { Length: > 0 } text ? text : $"via OpsGenie ({action})";
        var updatedAt =
            alert.TryGetProperty("updatedAt", out var updated)
            && updated.ValueKind == JsonValueKind.Number
            && updated.TryGetInt64(out var ticks)
                ? ticks
                : (long?)null;
        var eventId =
            StringOf(alert, "alertId") is { Length: > 0 } alertId && updatedAt is not null
                ? $"{ProviderNames.OpsGenie}:{alertId}:{action}:{updatedAt}"
                : null;
        var occurredAt = updatedAt is { } epoch ? Time(epoch) : (DateTimeOffset?)null;
        return Change(acknowledge, dedupKey, by, note, ProviderNames.OpsGenie, eventId, occurredAt);
    }

    /// <summary>
    /// An OpsGenie epoch time: <c>updatedAt</c> comes in nanoseconds (e.g. 1420452224764002246), <c>createdAt</c> in
    /// milliseconds (OpsGenie's "alert action data" examples); told apart by magnitude (also microseconds and seconds).
    /// Negative = the epoch.
    /// </summary>
    public static DateTimeOffset Time(long epoch)
    {
        var value = Math.Max(epoch, 0);
        var milliseconds = value switch
        {
            >= 100_000_000_000_000_000 => value / 1_000_000,
            >= 100_000_000_000_000 => value / 1_000,
            >= 100_000_000_000 => value,
            _ => value * 1_000,
        };
        return DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(milliseconds, 253_402_300_799_999));
    }
}
