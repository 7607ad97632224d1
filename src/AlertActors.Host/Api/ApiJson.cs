using System.Text.Json;
using System.Text.Json.Serialization;

namespace AlertActors.Host.Api;

public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions());

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }

    /// <summary>An error body: <c>{"error": "...", "problems": [...]}</c>.</summary>
    public static IResult Error(int status, string error, IReadOnlyList<string>? problems = null) =>
        Results.Json(new ErrorJson(error, problems), Options, statusCode: status);

    public sealed record ErrorJson(string Error, IReadOnlyList<string>? Problems);
}
