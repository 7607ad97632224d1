using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications;

/// <summary>
/// Cuts provider detail fields to a documented budget instead of letting the provider refuse the call: the largest
/// values are cut first (each to the same length, on a character boundary, ending in <see cref="Marker"/>), so small
/// values stay whole; if cutting values cannot make it fit, members are left out and one <see cref="OmittedKey"/>
/// member says how many. The alert itself (GET /api/v1/alerts/{key}) always keeps the full data.
/// </summary>
public static class PayloadBudget
{
    /// <summary>Ends every value that was cut.</summary>
    public const string Marker = "…(truncated)";

    /// <summary>The member that replaces details left out when cutting values was not enough.</summary>
    public const string OmittedKey = "truncated";

    /// <summary>JSON as providers receive it from us (System.Text.Json, non-ASCII unescaped), for measuring
    /// bytes.</summary>
    public static readonly JsonSerializerOptions WireJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary><paramref name="text"/> cut to at most <paramref name="maxChars"/> UTF-16 units, ending in
    /// <see cref="Marker"/> when cut.</summary>
    public static string Cut(string text, int maxChars) =>
        text.Length <= maxChars ? text
        : maxChars <= Marker.Length ? TextLimits.Truncate(Marker, maxChars)
        : TextLimits.Truncate(text, maxChars - Marker.Length) + Marker;

    /// <summary>
    /// A string map (OpsGenie <c>details</c>) whose keys plus values total at most <paramref name="maxChars"/>
    /// characters. Members named in <paramref name="keep"/> are never cut or left out.
    /// </summary>
    public static List<KeyValuePair<string, string>> FitMap(
        IReadOnlyList<KeyValuePair<string, string>> members,
        int maxChars,
        IReadOnlySet<string> keep
    )
    {
        static int Size(IEnumerable<KeyValuePair<string, string>> map) => map.Sum(m => m.Key.Length + m.Value.Length);
        if (Size(members) <= maxChars)
            return [.. members];

        var cap = LargestCap(
            members.Where(m => !keep.Contains(m.Key)).Select(m => m.Value.Length).DefaultIfEmpty(0).Max(),
            c => Size(Capped(c)) <= maxChars
        );
        var fitted = Capped(cap ?? Marker.Length);
        if (cap is not null)
            return fitted;

        // Even values cut to the marker do not fit: keep members in order while they do, then say how many are left
        // out.
        var kept = fitted.Where(m => keep.Contains(m.Key)).ToList();
        var optional = fitted.Where(m => !keep.Contains(m.Key)).ToList();
        var room = maxChars - Size(kept) - OmittedKey.Length - Omitted(optional.Count).Length;
        var taken = optional.TakeWhile(m => (room -= m.Key.Length + m.Value.Length) >= 0).ToList();
        return [.. taken, .. kept, new(OmittedKey, Omitted(optional.Count - taken.Count))];

        List<KeyValuePair<string, string>> Capped(int c) =>
            [
                .. members.Select(m =>
                    keep.Contains(m.Key) ? m : new KeyValuePair<string, string>(m.Key, Cut(m.Value, c))
                ),
            ];
    }

    /// <summary>
    /// A JSON object (PagerDuty <c>custom_details</c>) whose serialized form is at most <paramref name="maxBytes"/>
    /// UTF-8 bytes: the longest strings anywhere inside it are cut first; if that is not enough, it becomes one
    /// <see cref="OmittedKey"/> member saying how large the details were.
    /// </summary>
    public static JsonObject FitJson(JsonObject details, int maxBytes)
    {
        var size = Bytes(details);
        if (size <= maxBytes)
            return details;
        var longest = Strings(details).Select(s => s.GetValue<string>().Length).DefaultIfEmpty(0).Max();
        var cap = LargestCap(longest, c => Bytes(Capped(c)) <= maxBytes);
        if (cap is { } fits)
            return Capped(fits);
        var note = new JsonObject
        {
            [OmittedKey] = $"details of {size} bytes left out: the event must stay within {maxBytes} bytes",
        };
        return Bytes(note) <= maxBytes ? note : new JsonObject();

        JsonObject Capped(int c)
        {
            var copy = details.DeepClone().AsObject();
            foreach (var value in Strings(copy).ToList())
                if (value.GetValue<string>() is { } text && text.Length > c)
                    value.ReplaceWith(Cut(text, c));
            return copy;
        }
    }

    /// <summary>UTF-8 bytes of <paramref name="node"/> as it goes on the wire.</summary>
    public static int Bytes(JsonNode node) => Encoding.UTF8.GetByteCount(node.ToJsonString(WireJson));

    private static string Omitted(int count) => $"{count} more details left out";

    /// <summary>The largest per-value cap in [<see cref="Marker"/> length, <paramref name="longest"/>] for which
    /// <paramref name="fits"/> holds, or null.</summary>
    private static int? LargestCap(int longest, Func<int, bool> fits)
    {
        int low = Marker.Length,
            high = longest;
        if (high < low || !fits(low))
            return null;
        while (low < high)
        {
            var middle = low + (high - low + 1) / 2;
            if (fits(middle))
                low = middle;
            else
                high = middle - 1;
        }
        return low;
    }

    private static IEnumerable<JsonValue> Strings(JsonNode? node) =>
        node switch
        {
            JsonObject obj => obj.SelectMany(member => Strings(member.Value)),
            JsonArray array => array.SelectMany(Strings),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => [value],
            _ => [],
        };
}
