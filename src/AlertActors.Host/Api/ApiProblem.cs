using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace AlertActors.Host.Api;

/// <summary>
/// An error answer as a typed result: <c>application/problem+json</c> (RFC 9457) with this API's extension members
/// (<see cref="ApiJson.Error"/>). Each status has its own sealed type, so a handler's <c>Results&lt;...&gt;</c> return
/// type states which errors it answers and the OpenAPI document lists them (<see cref="IEndpointMetadataProvider"/>).
/// </summary>
public abstract class ApiProblem(int status, string detail, IReadOnlyList<string>? problems)
    : IResult,
        IStatusCodeHttpResult,
        IContentTypeHttpResult,
        IValueHttpResult,
        IValueHttpResult<ApiJson.ProblemJson>
{
    public int StatusCode => status;

    int? IStatusCodeHttpResult.StatusCode => status;

    public string ContentType => ApiJson.ProblemContentType;

    /// <summary>What the body says: <c>detail</c> (and <c>error</c>) is <paramref name="detail"/>, <c>problems</c>
    /// every problem.</summary>
    public ApiJson.ProblemJson Value { get; } = ApiJson.ProblemOf(status, detail, problems);

    object? IValueHttpResult.Value => Value;

    public Task ExecuteAsync(HttpContext httpContext) =>
        Results.Json(Value, ApiJson.Options, ContentType, status).ExecuteAsync(httpContext);

    /// <summary>The endpoint metadata that declares the answer <paramref name="status"/> with a problem body (for the
    /// OpenAPI document).</summary>
    public static ProducesResponseTypeMetadata Answers(int status) =>
        new(status, typeof(ApiJson.ProblemJson), [ApiJson.ProblemContentType]);

    protected static void Declare(EndpointBuilder builder, int status) => builder.Metadata.Add(Answers(status));
}

/// <summary>400: the request is wrong (every problem listed); nothing was done.</summary>
public sealed class BadRequestProblem(string detail, IReadOnlyList<string>? problems = null)
    : ApiProblem(StatusCodes.Status400BadRequest, detail, problems),
        IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status400BadRequest);
}

/// <summary>401: a provider webhook's own secret is missing or wrong (the API's bearer tokens are answered by
/// <see cref="BearerTokenHandler"/>).</summary>
public sealed class UnauthorizedProblem(string detail)
    : ApiProblem(StatusCodes.Status401Unauthorized, detail, null),
        IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status401Unauthorized);
}

/// <summary>403: the caller's token may not do this (a tenant-scoped token and another tenant's data).</summary>
public sealed class ForbiddenProblem(string detail, IReadOnlyList<string>? problems = null)
    : ApiProblem(StatusCodes.Status403Forbidden, detail, problems),
        IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status403Forbidden);
}

/// <summary>404: no such alert, silence or dead delivery (or one the caller's tenants do not include: the same
/// answer).</summary>
public sealed class NotFoundProblem(string detail)
    : ApiProblem(StatusCodes.Status404NotFound, detail, null),
        IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status404NotFound);
}

/// <summary>409: the change is not allowed in the current state (e.g. acknowledging a resolved alert).</summary>
public sealed class ConflictProblem(string detail)
    : ApiProblem(StatusCodes.Status409Conflict, detail, null),
        IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status409Conflict);
}

/// <summary>413: the body is larger than the path's limit (<see cref="RequestBodyLimits"/>).</summary>
public sealed class PayloadTooLargeProblem(string detail)
    : ApiProblem(StatusCodes.Status413PayloadTooLarge, detail, null),
        IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status413PayloadTooLarge);
}

/// <summary>500: an answer the node did not expect from one of its actors (the node's log has the details).</summary>
public sealed class InternalErrorProblem(string detail)
    : ApiProblem(StatusCodes.Status500InternalServerError, detail, null),
        IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status500InternalServerError);
}

/// <summary>503: an actor or dependency did not answer in time; retrying is safe.</summary>
public sealed class UnavailableProblem(string detail)
    : ApiProblem(StatusCodes.Status503ServiceUnavailable, detail, null),
        IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Declare(builder, StatusCodes.Status503ServiceUnavailable);
}
