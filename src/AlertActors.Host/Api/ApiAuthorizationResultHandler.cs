using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace AlertActors.Host.Api;

/// <summary>
/// Answers a refused authorization as problem+json: a 403 says why (the first reason
/// <see cref="ApiTokenAuthorizationHandler"/> gave: the role needed, or the tenant scope); everything else (a 401
/// challenge, a success) goes to ASP.NET Core's own handler.
/// </summary>
public sealed class ApiAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(
        RequestDelegate next,
        HttpContext context,
        AuthorizationPolicy policy,
        PolicyAuthorizationResult authorizeResult
    ) =>
        authorizeResult.Forbidden && authorizeResult.AuthorizationFailure?.FailureReasons.FirstOrDefault() is { } reason
            ? ApiJson.Error(StatusCodes.Status403Forbidden, reason.Message).ExecuteAsync(context)
            : _default.HandleAsync(next, context, policy, authorizeResult);
}
