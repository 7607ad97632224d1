using System.Text.Json.Nodes;
using AlertActors.Host.Api;

namespace AlertActors.Host.Application;

/// <summary>
/// The tenants a rule belongs to, for tenant-scoped tokens (README "Rules through the API"): the values its
/// <c>match</c> pins with case-sensitive <c>tenant</c> conditions of op <c>eq</c> (a value) or <c>in</c> (a
/// <c>value</c> list) directly under <c>match.all</c>. Every such condition must hold, so the rule can only alert on
/// those tenants' events. A rule that pins none is global: only an unscoped token sees or changes it.
/// </summary>
public static class RuleTenants
{
    /// <summary>The tenants <paramref name="definition"/> (a rule's keys as JSON) pins; empty for a global
    /// rule.</summary>
    public static IReadOnlyList<string> Of(JsonObject? definition)
    {
        if (definition?["match"]?["all"] is not JsonArray all)
            return [];
        var tenants = new List<string>();
        foreach (var condition in all.OfType<JsonObject>())
        {
            if (Text(condition["field"]) != "tenant" || Text(condition["case-sensitive"]) is "false" or "off" or "no")
                continue;
            switch (Text(condition["op"]), condition["value"])
            {
                case ("eq", JsonValue value):
                    tenants.Add(value.ToString());
                    break;
                case ("in", JsonArray values):
                    tenants.AddRange(values.OfType<JsonValue>().Select(v => v.ToString()));
                    break;
            }
        }
        return tenants;
    }

    /// <summary>
    /// Whether <paramref name="caller"/> may see (and, for API rules, change) the rule: an unscoped caller always; a
    /// scoped one when the rule pins at least one tenant and every pinned tenant is one of its own (as for silences,
    /// <see cref="TenantScope.Allows(ApiCaller?, AlertActors.Domain.Silences.Silence)"/>).
    /// </summary>
    public static bool Allows(ApiCaller? caller, JsonObject? definition)
    {
        if (caller is not { IsScoped: true })
            return true;
        var tenants = Of(definition);
        return tenants.Count > 0 && tenants.All(caller.Allows);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value ? value.ToString().Trim() : null;
}
