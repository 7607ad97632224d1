using System.Text;
using System.Text.Json;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules;

/// <summary>
/// A text template over event fields: <c>{tenant}:{type}:{subject}</c>, <c>{data.mac}</c>.
/// Unknown or missing fields render as an empty string; numbers, objects and arrays render canonically
/// (<see cref="CanonicalJson"/>), so equal values give equal dedup keys however the producer spelled them.
/// </summary>
public sealed class FieldTemplate
{
    private readonly string _text;

    public FieldTemplate(string text)
    {
        _text = text;
        var open = text.IndexOf('{');
        while (open >= 0)
        {
            var close = text.IndexOf('}', open);
            if (close < 0)
                throw new FormatException($"template \"{text}\" has an unclosed '{{'");
            var field = text[(open + 1)..close];
            if (EventFields.MistakeIn(field) is { } mistake)
                throw new FormatException($"template \"{text}\": {mistake}");
            open = text.IndexOf('{', close);
        }
    }

    public string Text => _text;

    public string Render(InfraEvent evt)
    {
        var result = new StringBuilder(_text.Length + 32);
        var position = 0;
        while (position < _text.Length)
        {
            var open = _text.IndexOf('{', position);
            if (open < 0)
            {
                result.Append(_text, position, _text.Length - position);
                break;
            }
            result.Append(_text, position, open - position);
            var close = _text.IndexOf('}', open);
            result.Append(EventFields.Text(evt, _text[(open + 1)..close]));
            position = close + 1;
        }
        return result.ToString();
    }

    public override string ToString() => _text;
}

/// <summary>Event fields addressable by templates and rule conditions.</summary>
public static class EventFields
{
    public static readonly IReadOnlyList<string> Names =
    [
        "id",
        "source",
        "type",
        "time",
        "subject",
        "severity",
        "tenant",
        "action",
        "summary",
    ];

    /// <summary>
    /// Why <paramref name="field"/> names no event field, as a sentence that starts with the quoted name; null when
    /// it is one of <see cref="Names"/> or a <c>data.&lt;path&gt;</c> whose dot-separated segments are all non-empty
    /// (<c>data.</c>, <c>data..x</c> and <c>data.x.</c> name no value).
    /// </summary>
    public static string? MistakeIn(string field)
    {
        if (Names.Contains(field))
            return null;
        if (!field.StartsWith("data.", StringComparison.Ordinal))
            return $"\"{field}\" is not one of {string.Join(", ", Names)} or data.<path>";
        return field[5..].Split('.').Any(segment => segment.Length == 0)
            ? $"\"{field}\" has an empty segment: a data.<path> names keys between single dots, e.g. data.labels.site"
            : null;
    }

    /// <summary>The field's value as text, or "" when absent.</summary>
    public static string Text(InfraEvent evt, string field) =>
        field switch
        {
            "id" => evt.Id,
            "source" => evt.Source,
            "type" => evt.Type,
            "time" => evt.Time.ToString("O"),
            "subject" => evt.Subject ?? "",
            "severity" => evt.Severity.ToName(),
            "tenant" => evt.Tenant,
            "action" => evt.Action.ToString().ToLowerInvariant(),
            "summary" => evt.Summary ?? "",
            _ when field.StartsWith("data.", StringComparison.Ordinal) => DataText(evt.Data, field[5..]),
            _ => "",
        };

    /// <summary>
    /// Whether the field has a value: subject and summary when given, data paths when present and not
    /// JSON null, every other top-level field always.
    /// </summary>
    public static bool IsPresent(InfraEvent evt, string field) => Conditions.FieldValue.Of(evt, field).HasValue;

    /// <summary>The element at a dotted path inside <c>data</c>, if present.</summary>
    public static JsonElement? DataElement(JsonElement? data, string path)
    {
        if (data is not { ValueKind: JsonValueKind.Object } current)
            return null;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var next))
                current = next;
            else if (
                current.ValueKind == JsonValueKind.Array
                && int.TryParse(segment, out var index)
                && index >= 0
                && index < current.GetArrayLength()
            )
                current = current[index];
            else
                return null;
        }
        return current;
    }

    /// <summary>Strings bare, JSON null as "", every other value (numbers, objects, arrays) as
    /// <see cref="CanonicalJson"/>.</summary>
    private static string DataText(JsonElement? data, string path) =>
        DataElement(data, path) switch
        {
            null => "",
            { ValueKind: JsonValueKind.String } s => s.GetString() ?? "",
            { ValueKind: JsonValueKind.Null } => "",
            var other => CanonicalJson.Write(other.Value),
        };
}
