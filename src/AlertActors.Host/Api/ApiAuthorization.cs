using AlertActors.Host.Startup;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace AlertActors.Host.Api;

/// <summary>
/// Who may call what, as ASP.NET Core authorization policies over the <see cref="ApiCaller"/> that
/// <see cref="BearerTokenHandler"/> authenticated. The endpoints name their policy (<c>RequireAuthorization</c>):
/// <see cref="Viewer"/> for the <c>/api</c> group (reads),
/// <see cref="Operator"/> for writes, <see cref="Admin"/> for changing cluster membership, <see cref="ClusterWide"/>
/// for the cluster API and <see cref="Metrics"/> for <c>GET /metrics</c> (both show the whole cluster, so a
/// tenant-scoped token is refused); probes, provider webhooks (their own secrets) and the OpenAPI document are
/// anonymous. With no tokens configured every policy holds.
/// </summary>
/// <remarks>
/// A request no endpoint answers under <c>/api</c> (an unknown path, a method the path does not take) needs a token of
/// any role before it learns 404 or 405, as it did before endpoints declared their policies: that is the fallback
/// policy. A missing or unknown token is answered 401 (<see cref="BearerTokenHandler"/>); a role too low or a scoped
/// token where the cluster is shown, 403 naming why (<see cref="ApiAuthorizationResultHandler"/>).
/// </remarks>
public static class ApiAuthorization
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Admin = "admin";
    public const string ClusterWide = "cluster-wide";
    public const string Metrics = "metrics";

    /// <summary>Bearer authentication (<see cref="BearerTokenHandler"/>) and the policies above.</summary>
    public static IServiceCollection AddApiAuthorization(this IServiceCollection services, ApiTokens tokens)
    {
        services.AddSingleton(tokens);
        services
            .AddAuthentication(BearerTokenHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, ApiTokenAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();
        services
            .AddAuthorizationBuilder()
            .AddPolicy(Viewer, p => p.AddRequirements(new ApiRoleRequirement(ApiRole.Viewer)))
            .AddPolicy(Operator, p => p.AddRequirements(new ApiRoleRequirement(ApiRole.Operator)))
            .AddPolicy(Admin, p => p.AddRequirements(new ApiRoleRequirement(ApiRole.Admin)))
            .AddPolicy(
                ClusterWide,
                p =>
                    p.AddRequirements(
                        new ApiRoleRequirement(ApiRole.Viewer),
                        new UnscopedTokenRequirement("the cluster API")
                    )
            )
            .AddPolicy(
                Metrics,
                p =>
                    p.AddRequirements(
                        new ApiRoleRequirement(ApiRole.Viewer),
                        new UnscopedTokenRequirement(MetricsRegistration.ScrapePath)
                    )
            )
            .SetFallbackPolicy(
                new AuthorizationPolicyBuilder().AddRequirements(new UnmappedApiPathRequirement()).Build()
            );
        return services;
    }
}

/// <summary>The caller's token has at least <paramref name="Minimum"/> (admin ⊃ operator ⊃ viewer).</summary>
public sealed record ApiRoleRequirement(ApiRole Minimum) : IAuthorizationRequirement;

/// <summary>The caller's token is not limited to tenants: <paramref name="What"/> (e.g. "the cluster API") shows every
/// tenant.</summary>
public sealed record UnscopedTokenRequirement(string What) : IAuthorizationRequirement;

/// <summary>The fallback policy's one requirement: a request no endpoint answers needs a token when its path is under
/// <c>/api</c>.</summary>
public sealed record UnmappedApiPathRequirement : IAuthorizationRequirement
{
    /// <summary>The path prefix the API's tokens protect.</summary>
    public const string ApiPath = "/api";
}
