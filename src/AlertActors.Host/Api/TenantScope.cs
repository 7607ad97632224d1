using AlertActors.Domain.Events;
using AlertActors.Domain.Silences;

namespace AlertActors.Host.Api;

/// <summary>
/// What a tenant-scoped token (<c>alertactors.http.tokens[].tenants</c> not empty) may see and do: lists show only its
/// tenants' alerts, dead deliveries and silences; an alert or silence of another tenant answers 404 exactly as a
/// missing one does (to GET, acknowledge, resolve, dead-delivery retry and expire alike), so a scoped token cannot
/// learn which keys exist elsewhere; events of another tenant are refused with 403 and nothing is processed; a silence
/// belongs to the tenants its <c>tenant="..."</c> matchers name, and is in scope only when it has at least one and
/// every one names a tenant of the token. The cluster API and <c>/metrics</c> need an unscoped token
/// (<see cref="ApiAuthorization.ClusterWide"/>). Without tokens, or with a token whose list is empty, nothing is
/// limited.
/// </summary>
public static class TenantScope
{
    /// <summary>The tenants <paramref name="caller"/> is limited to, or null for every tenant.</summary>
    public static IReadOnlyCollection<string>? TenantsOf(ApiCaller? caller) =>
        caller is { IsScoped: true } ? caller.Tenants : null;

    /// <summary>For a scoped caller, one problem per event of a tenant outside its scope; empty when all are
    /// allowed.</summary>
    public static IReadOnlyList<string> EventsOutOfScope(ApiCaller? caller, IReadOnlyList<InfraEvent> events)
    {
        if (caller is not { IsScoped: true })
            return [];
        var problems = new List<string>();
        for (var i = 0; i < events.Count; i++)
            if (!caller.Allows(events[i].Tenant))
                problems.Add(
                    $"[{i}] (id {events[i].Id}): tenant \"{events[i].Tenant}\" is outside this token's tenants"
                );
        return problems;
    }

    /// <summary>The tenants a silence names: the values of its <c>tenant="..."</c> matchers (empty = it can silence any
    /// tenant).</summary>
    public static IReadOnlyList<string> TenantsOf(Silence silence) =>
        [.. silence.Matchers.Where(m => m is { Name: "tenant", IsRegex: false, IsEqual: true }).Select(m => m.Value)];

    /// <summary>
    /// Whether the caller may see, create and expire this silence: an unscoped one always; a scoped one when the
    /// silence has at least one <c>tenant="..."</c> matcher and every such matcher names one of its tenants (all
    /// matchers must match, so the silence can only silence those tenants, and it is never shown to a token of a tenant
    /// it names but this one lacks).
    /// </summary>
    public static bool Allows(ApiCaller? caller, Silence silence)
    {
        if (caller is not { IsScoped: true })
            return true;
        var tenants = TenantsOf(silence);
        return tenants.Count > 0 && tenants.All(caller.Allows);
    }
}
