using AlertActors.Domain.Events;
using AlertActors.Domain.Silences;

namespace AlertActors.Host.Api;

/// <summary>
/// What a tenant-scoped token (<c>alertactors.http.tokens[].tenants</c> not empty) may see and do: lists show only its tenants' alerts,
/// dead deliveries and silences; an alert of another tenant answers 403 (to GET, acknowledge, resolve and dead-delivery retry alike);
/// events of another tenant are refused with 403 and nothing is processed; a silence belongs to a tenant through its
/// <c>tenant="..."</c> matcher, and one without such a matcher (or with another tenant's) is out of scope. The cluster API needs an
/// unscoped token (<see cref="BearerTokenAuth"/>). Without tokens, or with a token whose list is empty, nothing is limited.
/// </summary>
public static class TenantScope
{
    /// <summary>The token that authorised this request, if auth is on.</summary>
    public static ApiToken? TokenOf(HttpContext context) => context.Items[BearerTokenAuth.ItemKey] as ApiToken;

    /// <summary>The tenants this request is limited to, or null for every tenant.</summary>
    public static IReadOnlyCollection<string>? TenantsOf(HttpContext context) => TokenOf(context) is { IsScoped: true } token ? token.Tenants : null;

    /// <summary>403 naming the token and its tenants (never another tenant's data).</summary>
    public static IResult Forbidden(ApiToken token, string what, IReadOnlyList<string>? problems = null) =>
        ApiJson.Error(StatusCodes.Status403Forbidden, $"token {token.Name} is limited to tenants [{string.Join(", ", token.Tenants)}]; {what}", problems);

    /// <summary>For a scoped token, one problem per event of a tenant outside its scope; empty when all are allowed.</summary>
    public static IReadOnlyList<string> EventsOutOfScope(ApiToken? token, IReadOnlyList<InfraEvent> events)
    {
        if (token is not { IsScoped: true }) return [];
        var problems = new List<string>();
        for (var i = 0; i < events.Count; i++)
            if (!token.Allows(events[i].Tenant))
                problems.Add($"[{i}] (id {events[i].Id}): tenant \"{events[i].Tenant}\" is outside this token's tenants");
        return problems;
    }

    /// <summary>The tenants a silence is limited to: the values of its <c>tenant="..."</c> matchers (empty = it can silence any tenant).</summary>
    public static IEnumerable<string> TenantsOf(Silence silence) =>
        silence.Matchers.Where(m => m is { Name: "tenant", IsRegex: false, IsEqual: true }).Select(m => m.Value);

    /// <summary>
    /// Whether the token may see and change this silence: an unscoped token always; a scoped one when the silence has a
    /// <c>tenant="..."</c> matcher naming one of its tenants (all matchers must match, so such a silence can only silence that tenant).
    /// </summary>
    public static bool Allows(ApiToken? token, Silence silence) =>
        token is not { IsScoped: true } || TenantsOf(silence).Any(token.Allows);
}
