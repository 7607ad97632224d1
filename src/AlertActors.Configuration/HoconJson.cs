using System.Globalization;
using System.Text.Json.Nodes;
using Akka.Configuration.Hocon;

namespace AlertActors.Configuration;

/// <summary>
/// A HOCON value as JSON, to show a configuration rule through the API. HOCON keeps no types for single values, so a
/// value that reads as a JSON number or boolean becomes one and everything else a string; the HOCON reader takes either
/// back, so the JSON reads as the same rule.
/// </summary>
public static class HoconJson
{
    /// <summary><paramref name="value"/> as JSON: objects and lists as such, single values as described above; null
    /// for an empty value.</summary>
    public static JsonNode? Of(HoconValue value)
    {
        if (value.IsObject())
        {
            var result = new JsonObject();
            foreach (var (key, item) in value.GetObject().Items)
                result[key] = Of(item);
            return result;
        }
        if (value.IsList())
            return new JsonArray([.. value.Items().Select(Of)]);
        var text = value.GetString();
        if (text is null)
            return null;
        if (text is "true" or "false")
            return JsonValue.Create(text == "true");
        return
            decimal.TryParse(
                text,
                NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture,
                out var number
            )
            && !text.StartsWith('+')
            && !text.StartsWith('.')
            && !text.EndsWith('.')
            ? JsonValue.Create(number)
            : JsonValue.Create(text);
    }
}
