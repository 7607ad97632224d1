using System.Text.Json;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;

namespace AlertActors.Host.Application;

/// <summary>What a provider's webhook body asks of AlertActors (<see cref="PagerDutyWebhookReader"/>,
/// <see cref="OpsGenieWebhookReader"/>).</summary>
public abstract record ProviderWebhookReading
{
    /// <summary>Acknowledge or resolve an alert, with the provider as its origin (forwarded to the other providers, not
    /// echoed back).</summary>
    public sealed record AlertChange(IAlertCommand Command) : ProviderWebhookReading;

    /// <summary>Nothing to do (another event type, a body without a dedup key): the provider gets a 2xx so it does not
    /// retry.</summary>
    public sealed record Ignored(string Note) : ProviderWebhookReading;

    /// <summary>The body is not the provider's webhook: what is wrong with it.</summary>
    public sealed record Invalid(string Problem) : ProviderWebhookReading;

    /// <summary>
    /// The change a provider's webhook carried: an acknowledge of <paramref name="dedupKey"/>, or else a resolve, by
    /// <paramref name="by"/>, from <paramref name="provider"/>, with the provider's event id and time when it gave
    /// them. A change to an escalation step's incident (<see cref="EscalationKeys.AlertOf"/>, README "Escalation")
    /// is its alert's: the alert is acknowledged or resolved, and every incident of it is told, the provider's too.
    /// </summary>
    internal static AlertChange Change(
        bool acknowledge,
        string dedupKey,
        string by,
        string note,
        string provider,
        string? eventId,
        DateTimeOffset? occurredAt
    )
    {
        var (alert, step) = EscalationKeys.AlertOf(dedupKey);
        var origin = step is null ? provider : null;
        return new(
            acknowledge
                ? new AlertCommands.Acknowledge(alert, by, note, origin, eventId, occurredAt)
                : new AlertCommands.Resolve(alert, by, note, origin, eventId, occurredAt)
        );
    }

    /// <summary>The body as JSON, or null when it is not JSON.</summary>
    internal static JsonDocument? Parse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static bool TryObject(JsonElement parent, string name, out JsonElement value)
    {
        if (
            parent.ValueKind == JsonValueKind.Object
            && parent.TryGetProperty(name, out value)
            && value.ValueKind == JsonValueKind.Object
        )
            return true;
        value = default;
        return false;
    }

    internal static string? StringOf(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object
        && parent.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
