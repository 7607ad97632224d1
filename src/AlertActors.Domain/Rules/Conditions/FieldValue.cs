using System.Globalization;
using System.Text.Json;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules.Conditions;

public enum FieldKind
{
    Absent,
    Null,
    String,
    Number,
    Boolean,
    Array,
    Object,
}

/// <summary>
/// One event field as a condition sees it: its kind, its text (strings bare, numbers as written,
/// booleans as true/false, arrays and objects as JSON) and, when it is numeric, its number.
/// Top-level fields are strings (<c>subject</c> and <c>summary</c> are absent when not given).
/// </summary>
public readonly record struct FieldValue(FieldKind Kind, string Text, double? Number, JsonElement? Element)
{
    public static readonly FieldValue Absent = new(FieldKind.Absent, "", null, null);

    /// <summary>Present and not JSON null.</summary>
    public bool HasValue => Kind is not (FieldKind.Absent or FieldKind.Null);

    public static FieldValue Of(InfraEvent evt, string field)
    {
        if (field.StartsWith("data.", StringComparison.Ordinal))
            return EventFields.DataElement(evt.Data, field[5..]) is { } element ? FromElement(element) : Absent;
        return field switch
        {
            "subject" when evt.Subject is null => Absent,
            "summary" when evt.Summary is null => Absent,
            _ when EventFields.Names.Contains(field) => FromString(EventFields.Text(evt, field)),
            _ => Absent,
        };
    }

    public static FieldValue FromElement(JsonElement element) =>
        element.ValueKind switch
        {
            JsonValueKind.String => FromString(element.GetString() ?? ""),
            JsonValueKind.Number => new FieldValue(
                FieldKind.Number,
                element.GetRawText(),
                element.TryGetDouble(out var number) && double.IsFinite(number) ? number : null,
                element
            ),
            JsonValueKind.True => new FieldValue(FieldKind.Boolean, "true", null, element),
            JsonValueKind.False => new FieldValue(FieldKind.Boolean, "false", null, element),
            JsonValueKind.Null => new FieldValue(FieldKind.Null, "", null, element),
            JsonValueKind.Array => new FieldValue(FieldKind.Array, element.GetRawText(), null, element),
            JsonValueKind.Object => new FieldValue(FieldKind.Object, element.GetRawText(), null, element),
            _ => Absent,
        };

    public static FieldValue FromString(string text) => new(FieldKind.String, text, null, null);

    /// <summary>The value as a number: a JSON number, or a string that is one ("42", "0.5", "1e3").</summary>
    public double? AsNumber() =>
        Kind switch
        {
            FieldKind.Number => Number,
            FieldKind.String => ParseNumber(Text),
            _ => null,
        };

    /// <summary>Invariant-culture, finite numbers only.</summary>
    public static double? ParseNumber(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
        && double.IsFinite(number)
            ? number
            : null;
}
