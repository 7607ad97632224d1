using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AlertActors.Host.Api;

/// <summary>
/// Completes the OpenAPI document ASP.NET Core generates from the endpoints (<c>/openapi/v1.json</c>,
/// <see cref="NodeEndpoints.OpenApiPath"/>): its title and version, the bearer scheme of
/// <see cref="BearerTokenHandler"/>, and on every operation that needs a token (its endpoint or group calls
/// <c>RequireAuthorization</c>) that requirement and the 401 and 403 problem answers <see cref="ApiAuthorization"/>
/// gives.
/// </summary>
public sealed class OpenApiDocumentInfo : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    /// <summary>The name of the bearer scheme in <c>components.securitySchemes</c>.</summary>
    public const string BearerScheme = "bearer";

    public Task TransformAsync(
        OpenApiDocument document,
        OpenApiDocumentTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        document.Info.Title = "AlertActors HTTP API";
        document.Info.Version = typeof(OpenApiDocumentInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        document.Info.Description =
            "The node's HTTP API (docs/http-api.md). Errors are application/problem+json (RFC 9457).";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description =
                "alertactors.http.api-token or alertactors.http.tokens; only when tokens are configured (viewer reads, operator writes, admin changes membership).",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(
        OpenApiOperation operation,
        OpenApiOperationTransformerContext context,
        CancellationToken cancellationToken
    )
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!NeedsToken(metadata))
            return Task.CompletedTask;
        operation.Security ??= [];
        operation.Security.Add(
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }
        );
        operation.Responses ??= [];
        foreach (var (status, why) in AuthorizationAnswers)
            operation.Responses.TryAdd(
                status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                new OpenApiResponse { Description = why }
            );
        return Task.CompletedTask;
    }

    /// <summary>What every operation that needs a token may answer besides its own responses.</summary>
    public static readonly IReadOnlyList<(int Status, string Why)> AuthorizationAnswers =
    [
        (StatusCodes.Status401Unauthorized, "no token, or an unknown one (WWW-Authenticate: Bearer)"),
        (StatusCodes.Status403Forbidden, "the token's role is too low, or its tenants too few, for this call"),
    ];

    /// <summary>Whether an endpoint with <paramref name="metadata"/> needs a token once tokens are
    /// configured.</summary>
    public static bool NeedsToken(IEnumerable<object> metadata) =>
        metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
}
