using System.Globalization;
using AlertActors.Domain.Notifications;
using static AlertActors.Host.Application.ProviderWebhookReading;

namespace AlertActors.Host.Application;

/// <summary>
/// Reads a PagerDuty V3 webhook: <c>incident.acknowledged</c> and <c>incident.resolved</c> act on
/// <c>event.data.incident_key</c>, by <c>event.agent.summary</c>; other event types are ignored. A replay changes
/// nothing: the change carries PagerDuty's <c>event.id</c> and <c>event.occurred_at</c>, and the alert refuses an id it
/// already applied and a change from before its current period.
/// </summary>
public static class PagerDutyWebhookReader
{
    public static ProviderWebhookReading Read(byte[] body)
    {
        using var root = Parse(body);
        if (root is null)
            return new Invalid("body is not valid JSON");
        if (!TryObject(root.RootElement, "event", out var evt))
            return new Invalid("body is not a PagerDuty V3 webhook: it has no \"event\" object");
        var eventType = StringOf(evt, "event_type");
        if (eventType is null)
            return new Invalid("body is not a PagerDuty V3 webhook: event.event_type is missing");
        if (eventType is not ("incident.acknowledged" or "incident.resolved"))
            return new Ignored($"event type {eventType} does not change an alert");

        TryObject(evt, "data", out var data);
        if (StringOf(data, "incident_key") is not { Length: > 0 } dedupKey)
            return new Ignored("the incident has no incident_key");
        TryObject(evt, "agent", out var agent);
        var by = StringOf(agent, "summary") is { Length: > 0 } who ? who : ProviderNames.PagerDuty;
        var note = StringOf(data, "html_url") is { Length: > 0 } url
            ? $"via PagerDuty ({eventType}): {url}"
            : $"via PagerDuty ({eventType})";
        DateTimeOffset? occurredAt = null;
        if (StringOf(evt, "occurred_at") is { } occurred)
        {
            if (
                !DateTimeOffset.TryParse(
                    occurred,
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal,
                    out var parsed
                )
            )
                return new Invalid($"event.occurred_at: \"{occurred}\" is not an ISO 8601 time");
            occurredAt = parsed;
        }
        var eventId = StringOf(evt, "id") is { Length: > 0 } id ? $"{ProviderNames.PagerDuty}:{id}" : null;
        var acknowledge = eventType == "incident.acknowledged";
        return Change(acknowledge, dedupKey, by, note, ProviderNames.PagerDuty, eventId, occurredAt);
    }
}
