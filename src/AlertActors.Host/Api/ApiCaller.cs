using System.Security.Claims;

namespace AlertActors.Host.Api;

/// <summary>
/// Who an authenticated API request comes from: the name, role and tenants of the token it presented (never the
/// secret), carried as the request's <see cref="ClaimsPrincipal"/> (<see cref="BearerTokenHandler"/>). Null where auth
/// is off (no tokens configured) or the path is anonymous.
/// </summary>
/// <param name="Tenants">The tenants the token is limited to; empty = every tenant (<see cref="TenantScope"/>).</param>
public sealed record ApiCaller(string Name, ApiRole Role, IReadOnlyList<string> Tenants)
{
    /// <summary>The claim type of each tenant the caller is limited to.</summary>
    public const string TenantClaim = "alertactors:tenant";

    /// <summary>Limited to <see cref="Tenants"/> (a non-empty list).</summary>
    public bool IsScoped => Tenants.Count > 0;

    /// <summary>Whether this caller may see and act on <paramref name="tenant"/>'s alerts.</summary>
    public bool Allows(string tenant) => !IsScoped || Tenants.Contains(tenant, StringComparer.Ordinal);

    /// <summary>The 403 text for a scoped caller refused <paramref name="what"/>: names the token and its tenants,
    /// never another tenant's data.</summary>
    public string LimitedTo(string what) =>
        $"token {Name} is limited to tenants [{string.Join(", ", Tenants)}]; {what}";

    /// <summary>The principal of an authenticated request, authenticated by <paramref name="scheme"/>.</summary>
    public ClaimsPrincipal ToPrincipal(string scheme) =>
        new(
            new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.Name, Name),
                    new Claim(ClaimTypes.Role, ApiTokens.NameOf(Role)),
                    .. Tenants.Select(tenant => new Claim(TenantClaim, tenant)),
                ],
                scheme
            )
        );

    /// <summary>The caller of <paramref name="user"/>, or null when the request is not authenticated by a
    /// token.</summary>
    public static ApiCaller? Of(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { } name }
        && Enum.TryParse<ApiRole>(user.FindFirstValue(ClaimTypes.Role), ignoreCase: true, out var role)
            ? new ApiCaller(name, role, [.. user.FindAll(TenantClaim).Select(c => c.Value)])
            : null;
}
