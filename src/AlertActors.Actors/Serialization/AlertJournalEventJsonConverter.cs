using System.Text.Json;
using System.Text.Json.Serialization;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Serialization;

/// <summary>
/// An <see cref="IAlertJournalEvent"/> inside another payload (the events of an
/// <see cref="AlertJournalEvents.Batch"/>), written as
/// <c>{"type": "&lt;manifest&gt;", "event": {...}}</c> with the stable manifest of <see cref="AlertManifests"/>.
/// </summary>
/// <exception cref="JsonException">On read: not that shape, or a manifest that names no alert event.</exception>
public sealed class AlertJournalEventJsonConverter : JsonConverter<IAlertJournalEvent>
{
    private const string TypeProperty = "type";
    private const string EventProperty = "event";

    public override void Write(Utf8JsonWriter writer, IAlertJournalEvent value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(TypeProperty, AlertManifests.Of(value.GetType()));
        writer.WritePropertyName(EventProperty);
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
        writer.WriteEndObject();
    }

    public override IAlertJournalEvent Read(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    )
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("an alert event must be a JSON object");
        Expect(ref reader, TypeProperty);
        reader.Read();
        var manifest = reader.GetString() ?? throw new JsonException("an alert event's type is null");
        var type = AlertManifests.TypeOf(manifest);
        if (type is null || !typeof(IAlertJournalEvent).IsAssignableFrom(type))
            throw new JsonException($"\"{manifest}\" names no alert event");
        Expect(ref reader, EventProperty);
        reader.Read();
        var evt =
            (IAlertJournalEvent?)JsonSerializer.Deserialize(ref reader, type, options)
            ?? throw new JsonException($"{manifest} is null");
        reader.Read();
        if (reader.TokenType != JsonTokenType.EndObject)
            throw new JsonException($"unexpected {reader.TokenType} after an alert event");
        return evt;
    }

    private static void Expect(ref Utf8JsonReader reader, string property)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals(property))
            throw new JsonException($"an alert event needs \"{TypeProperty}\" then \"{EventProperty}\"");
    }
}
