using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.WebUtilities;

namespace AlertActors.Host.Api;

public static class ApiJson
{
    /// <summary>RFC 9457's media type for error bodies.</summary>
    public const string ProblemContentType = "application/problem+json";

    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions());

    /// <summary>snake_case, nulls left out, and text as people read it (<c>"urgent"</c>, not <c>\u0022urgent\u0022</c>:
    /// these answers are not HTML).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }

    /// <summary>
    /// An error as <c>application/problem+json</c> (RFC 9457): <c>{"type":"about:blank","title":"Bad
    /// Request","status":400,"detail":"...", "error":"...","problems":[...]}</c>. <c>error</c> (the same text as
    /// <c>detail</c>) and <c>problems</c> (every problem, when there are several) are extension members that earlier
    /// clients read.
    /// </summary>
    public static IResult Error(int status, string error, IReadOnlyList<string>? problems = null) =>
        Results.Json(ProblemOf(status, error, problems), Options, ProblemContentType, status);

    /// <summary>The body of <see cref="Error"/>.</summary>
    public static ProblemJson ProblemOf(int status, string error, IReadOnlyList<string>? problems = null) =>
        new("about:blank", ReasonPhrases.GetReasonPhrase(status), status, error, error, problems);

    /// <summary>An RFC 9457 problem with this API's extension members.</summary>
    public sealed record ProblemJson(
        string Type,
        string Title,
        int Status,
        string Detail,
        string Error,
        IReadOnlyList<string>? Problems
    );
}
