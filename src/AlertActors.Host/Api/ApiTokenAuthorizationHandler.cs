using Microsoft.AspNetCore.Authorization;

namespace AlertActors.Host.Api;

/// <summary>
/// Decides the requirements of <see cref="ApiAuthorization"/>'s policies for one request, in the order callers are told
/// about them: the role first (the highest any policy of the endpoint asks), then the tenant scope. A requirement left
/// unmet by an unauthenticated request becomes a 401 challenge; one failed with a reason, a 403 with that reason
/// (<see cref="ApiAuthorizationResultHandler"/>).
/// </summary>
public sealed class ApiTokenAuthorizationHandler(ApiTokens tokens) : IAuthorizationHandler
{
    public Task HandleAsync(AuthorizationHandlerContext context)
    {
        var pending = context.PendingRequirements.ToList();
        var http = context.Resource as HttpContext;
        foreach (var unmapped in pending.OfType<UnmappedApiPathRequirement>())
            if (
                !tokens.Enabled
                || http?.Request.Path.StartsWithSegments(UnmappedApiPathRequirement.ApiPath) != true
                || ApiCaller.Of(context.User) is not null
            )
                context.Succeed(unmapped);

        var roles = pending.OfType<ApiRoleRequirement>().ToList();
        var scopes = pending.OfType<UnscopedTokenRequirement>().ToList();
        if (!tokens.Enabled)
        {
            foreach (var requirement in roles.Concat<IAuthorizationRequirement>(scopes))
                context.Succeed(requirement);
            return Task.CompletedTask;
        }
        if (ApiCaller.Of(context.User) is not { } caller)
            return Task.CompletedTask;

        if (roles.Count > 0 && roles.Max(r => r.Minimum) is var needed && caller.Role < needed)
        {
            var call = http is null ? "make this call" : $"{http.Request.Method} {http.Request.Path}";
            context.Fail(
                new AuthorizationFailureReason(
                    this,
                    $"role {ApiTokens.NameOf(caller.Role)} may not {call} (needs {ApiTokens.NameOf(needed)})"
                )
            );
            return Task.CompletedTask;
        }
        foreach (var role in roles)
            context.Succeed(role);
        foreach (var scope in scopes)
        {
            if (caller.IsScoped)
            {
                context.Fail(
                    new AuthorizationFailureReason(
                        this,
                        caller.LimitedTo($"{scope.What} needs a token without tenants")
                    )
                );
                return Task.CompletedTask;
            }
            context.Succeed(scope);
        }
        return Task.CompletedTask;
    }
}
