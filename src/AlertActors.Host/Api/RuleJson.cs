using System.Text.Json.Nodes;

namespace AlertActors.Host.Api;

/// <summary>
/// A rule as the rules API shows it (README "Rules through the API"); snake_case on the wire.
/// </summary>
/// <param name="Origin"><c>config</c> (the configuration file: read-only through the API) or <c>api</c>.</param>
/// <param name="Revision">API rules: the number of the change that last wrote the rule; null for configuration
/// rules.</param>
/// <param name="UpdatedBy">API rules: who made that change (the token's name).</param>
/// <param name="UpdatedAt">API rules: when the change was recorded.</param>
/// <param name="Implicit">True for the implicit <c>default</c> rule of a configuration without rules (its definition
/// is <c>alertactors.defaults</c>); null otherwise.</param>
/// <param name="Definition">The rule's keys as JSON, as <c>PUT /api/v1/rules/{name}</c> takes them; a PagerDuty routing
/// key (a secret: the route's or an escalation step's) and a remediation webhook URL (it may carry a token) show as
/// <c>***</c>.</param>
/// <param name="Problems">An API rule this node cannot apply (the configuration's lists or defaults changed since it
/// was stored, or a configuration rule took its name): why; null when it applies.</param>
public sealed record RuleJson(
    string Name,
    string Origin,
    long? Revision,
    string? UpdatedBy,
    DateTimeOffset? UpdatedAt,
    bool? Implicit,
    JsonObject Definition,
    IReadOnlyList<string>? Problems
)
{
    public const string ConfigOrigin = "config";
    public const string ApiOrigin = "api";

    /// <summary>What a PagerDuty routing key shows as.</summary>
    public const string MaskedSecret = "***";

    /// <summary>A copy of <paramref name="definition"/> with every PagerDuty routing key masked: its route's and
    /// each escalation step's (<c>escalation[n].notify.route</c>), and its <c>remediation.webhook</c>.</summary>
    public static JsonObject Masked(JsonObject definition)
    {
        var copy = (JsonObject)definition.DeepClone();
        MaskRoute(copy["route"]);
        if (copy["escalation"] is JsonArray steps)
            foreach (var step in steps)
                MaskRoute(step?["notify"]?["route"]);
        if (copy["remediation"] is JsonObject remediation && remediation.ContainsKey("webhook"))
            remediation["webhook"] = MaskedSecret;
        return copy;
    }

    private static void MaskRoute(JsonNode? route)
    {
        if (route?["pagerduty"] is JsonObject pagerDuty && pagerDuty.ContainsKey("routing-key"))
            pagerDuty["routing-key"] = MaskedSecret;
    }
}

/// <summary>The rule list: every rule in force (configuration rules first, then API rules by name) and the revision
/// of the newest change to API rules (0 before the first).</summary>
public sealed record RuleListJson(IReadOnlyList<RuleJson> Rules, long Revision);
