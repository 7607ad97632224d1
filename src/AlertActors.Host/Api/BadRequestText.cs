using System.Text.Json;
using System.Text.RegularExpressions;

namespace AlertActors.Host.Api;

/// <summary>
/// What a request that ASP.NET Core could not bind did wrong, in words for the person who sent it: the query parameter
/// and its value (<c>limit: "abc" is not a whole number</c>), or the JSON path and the kind of value found
/// (<c>... at $.by: a value of the wrong kind: it must be a string</c>), never the framework's text with our internal
/// type names.
/// </summary>
public static partial class BadRequestText
{
    /// <summary>The text for a <see cref="BadHttpRequestException"/> (400) raised while binding a request.</summary>
    public static string Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
            return Describe(json);
        if (BindFailure().Match(bad.Message) is { Success: true } m)
            return $"{m.Groups["name"].Value}: \"{m.Groups["value"].Value}\" is not {Expected(m.Groups["type"].Value) ?? "a valid value"}";
        return bad.Message;
    }

    /// <summary>
    /// A body that is not JSON, or a JSON value of the wrong kind at a path (with the line and byte position, 1-based).
    /// </summary>
    public static string Describe(JsonException json)
    {
        var at = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        if (
            json.Path is { Length: > 0 } path
            && json.Message.Contains("could not be converted", StringComparison.Ordinal)
        )
        {
            var wanted =
                WrongKind().Match(json.Message) is { Success: true } kind
                && Expected(kind.Groups["type"].Value) is { } expected
                    ? $": it must be {expected}"
                    : ": see docs/http-api.md for this request's fields";
            return $"the request body does not fit at {path}: a value of the wrong kind{wanted}{at}";
        }
        return $"the request body is not valid JSON{at}";
    }

    /// <summary>"a whole number" for an int, "a string" for a string, … from a CLR type name as the framework prints
    /// it; null for other types.</summary>
    private static string? Expected(string type) =>
        type.Replace("Nullable<", "").TrimEnd('>') switch
        {
            "int" or "long" or "Int32" or "Int64" or "System.Int32" or "System.Int64" => "a whole number",
            "double" or "decimal" or "System.Double" or "System.Decimal" => "a number",
            "bool" or "Boolean" or "System.Boolean" => "true or false",
            "string" or "String" or "System.String" => "a string",
            "DateTimeOffset" or "System.DateTimeOffset" => "an RFC 3339 time",
            _ => null,
        };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]+) (?<name>[^" ]+)" from "(?<value>.*)"\.$""")]
    private static partial Regex BindFailure();

    [GeneratedRegex("""could not be converted to (?<type>[^.\s]+(\.[^.\s]+)*?)\. Path""")]
    private static partial Regex WrongKind();
}
