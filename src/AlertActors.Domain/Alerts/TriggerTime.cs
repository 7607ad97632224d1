using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// The time a trigger notification carries (PagerDuty <c>payload.timestamp</c>, the webhook's <c>timestamp</c>): the
/// producer's event time, unless it is more than <see cref="ClockSkewTolerance"/> ahead of when AlertActors received
/// the event (a producer with a wrong clock, or <c>"time": "2099-01-01T00:00:00Z"</c>). Then the receive time is used
/// and the producer's time is kept in the notification's details as <see cref="EventTimeDetail"/> (unless the event's
/// data already has a member of that name). Times in the past are passed as they are.
/// </summary>
public static class TriggerTime
{
    /// <summary>How far ahead of the receive time an event time may be: 5 minutes.</summary>
    public static readonly TimeSpan ClockSkewTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The details member that keeps a producer time that was not used.</summary>
    public const string EventTimeDetail = "event_time";

    /// <summary>The timestamp and details of a trigger for an event stamped <paramref name="eventTime"/> and received
    /// at <paramref name="receivedAt"/>.</summary>
    public static (DateTimeOffset Timestamp, JsonElement? Details) Of(
        DateTimeOffset? eventTime,
        DateTimeOffset receivedAt,
        JsonElement? details
    )
    {
        if (eventTime is not { } time || time <= receivedAt + ClockSkewTolerance)
            return (eventTime ?? receivedAt, details);
        var data = details is { ValueKind: JsonValueKind.Object } given ? JsonObject.Create(given)! : new JsonObject();
        if (data.ContainsKey(EventTimeDetail))
            return (receivedAt, details);
        data[EventTimeDetail] = time.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return (receivedAt, JsonSerializer.SerializeToElement(data));
    }
}
