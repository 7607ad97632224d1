using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AlertActors.Domain.Rules;

/// <summary>
/// One text per JSON value, whatever its spelling, so a template over an object or array (<c>{data.labels}</c>) gives
/// the same dedup key for <c>{"job":"api","instance":"h1"}</c>, <c>{"instance":"h1","job":"api"}</c> and the same with
/// spaces. Rules, in the spirit of RFC 8785 (JSON Canonicalization Scheme): object members sorted by name (ordinal, the
/// last of duplicate names wins, as in most JSON parsers), no whitespace, strings re-escaped one way (only what JSON
/// requires, non-ASCII kept), numbers by value (<c>1</c>, <c>1.0</c>, <c>1e0</c> and <c>10E-1</c> are all <c>1</c>).
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The canonical text of <paramref name="element"/>.</summary>
    public static string Write(JsonElement element)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            Write(writer, element);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>
    /// A JSON number's canonical text: the decimal value without exponent, trailing zeros or a negative zero
    /// (<c>1.50</c> → <c>1.5</c>, <c>1e2</c> → <c>100</c>, <c>-0.0</c> → <c>0</c>). Numbers beyond decimal's 28 digits
    /// are written as the shortest round-trip double; a number neither can hold is kept as written.
    /// </summary>
    public static string Number(string raw)
    {
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            return value == 0
                ? "0"
                : (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        if (
            double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number)
        )
            return number.ToString("R", CultureInfo.InvariantCulture);
        return raw;
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var members = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var member in element.EnumerateObject())
                    members[member.Name] = member.Value;
                foreach (var (name, value) in members)
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                    Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(Number(element.GetRawText()), skipInputValidation: true);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
