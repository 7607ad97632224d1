using System.Text.Json.Nodes;
using Akka.Configuration;
using AlertActors.Domain.ApiRules;
using AlertActors.Domain.Rules;

namespace AlertActors.Configuration;

/// <summary>
/// The rules of one node's configuration and the rules stored through the API, read the same way (README "Rules
/// through the API"): <see cref="Read"/> validates rules given as JSON with the messages of <c>check-config</c>,
/// <see cref="Effective"/> makes the rule set in force from the configuration's rules and the stored ones.
/// </summary>
/// <param name="section">The node's <c>alertactors { }</c> section (its <c>defaults</c> and <c>lists</c> apply to
/// API rules too).</param>
/// <param name="configRules">What <see cref="RuleReader.Read"/> made of <paramref name="section"/>.</param>
public sealed class ApiRuleReader(Config section, RuleSet configRules)
{
    private readonly Lazy<IReadOnlyDictionary<string, JsonObject>> _configDefinitions = new(() =>
        ConfigDefinitionsOf(section)
    );

    /// <summary>The rules of the configuration file: the base layer, read-only through the API.</summary>
    public RuleSet ConfigRules => configRules;

    /// <summary>The configuration has no rules: its rule set is the implicit rule alone.</summary>
    public bool ImplicitOnly => configRules.Rules is [{ Name: RuleSet.ImplicitRuleName }];

    /// <summary>Whether <paramref name="name"/> is a configuration rule's (or the implicit rule's) name, ignoring
    /// case as rule names are unique that way.</summary>
    public bool IsConfigRule(string name) =>
        string.Equals(name, RuleSet.ImplicitRuleName, StringComparison.OrdinalIgnoreCase)
        || configRules.Rules.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A configuration rule as JSON (its HOCON keys, <see cref="HoconJson"/>), or null for the implicit rule
    /// and unknown names.</summary>
    public JsonObject? ConfigDefinition(string name) =>
        _configDefinitions.Value.TryGetValue(name, out var definition) ? definition : null;

    /// <summary>The implicit rule as JSON: its name and <c>alertactors.defaults</c>, which is what it
    /// applies.</summary>
    public JsonObject ImplicitDefinition()
    {
        var definition = new JsonObject { ["name"] = RuleSet.ImplicitRuleName };
        if (section.HasPath("defaults") && HoconJson.Of(section.GetValue("defaults")) is JsonObject defaults)
            foreach (var (key, value) in defaults)
                definition[key] = value?.DeepClone();
        return definition;
    }

    /// <summary>
    /// Reads <paramref name="definitions"/> as API rules: every problem <c>check-config</c> would report for them as
    /// items of <c>alertactors.rules</c> (named by their index here), plus the secrets an API rule may not hold (they
    /// would be journaled): a PagerDuty routing key and a remediation webhook. Rules with problems are left out.
    /// </summary>
    public (IReadOnlyList<AlertRule> Rules, IReadOnlyList<string> Problems) Read(IReadOnlyList<JsonObject> definitions)
    {
        var problems = new ConfigProblems();
        var rules = RuleReader.ReadDefinitions(section, definitions, problems);
        var holdingSecrets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < definitions.Count; i++)
            foreach (var (path, instead) in SecretPaths(definitions[i]))
            {
                holdingSecrets.Add(definitions[i]["name"]?.ToString().Trim() ?? "");
                problems.Add(
                    $"{RuleReader.Prefix}.rules[{i}]{NameOf(definitions[i])}.{path}: an API rule cannot hold {instead}"
                );
            }
        return ([.. rules.Where(r => !holdingSecrets.Contains(r.Name))], problems.Items);
    }

    /// <summary>Where <paramref name="definition"/> holds a secret, and what to say: a routing key, or a
    /// remediation webhook (its URL may carry a token, and it is never journaled).</summary>
    private static IEnumerable<(string Path, string Problem)> SecretPaths(JsonObject definition)
    {
        foreach (var path in RoutingKeyPaths(definition))
            yield return (
                path,
                "a routing key (a secret: it would be stored in the journal); route it with alertactors.pagerduty.routing (by-tenant, by-severity) or define the rule in the configuration file"
            );
        if (definition["remediation"]?["webhook"] is JsonValue webhook && webhook.ToString().Trim().Length > 0)
            yield return (
                "remediation.webhook",
                "a remediation webhook (a secret: its URL may carry a token, and it would be stored in the journal); define the rule in the configuration file"
            );
    }

    /// <summary>Where <paramref name="definition"/> holds a non-blank PagerDuty routing key: its route's and each
    /// escalation step's (<c>escalation[1].notify.route.pagerduty.routing-key</c>).</summary>
    private static IEnumerable<string> RoutingKeyPaths(JsonObject definition)
    {
        const string key = "route.pagerduty.routing-key";
        if (HoldsRoutingKey(definition["route"]))
            yield return key;
        if (definition["escalation"] is JsonArray steps)
            for (var j = 0; j < steps.Count; j++)
                if (HoldsRoutingKey(steps[j]?["notify"]?["route"]))
                    yield return $"escalation[{j}].notify.{key}";
    }

    private static bool HoldsRoutingKey(JsonNode? route) =>
        route?["pagerduty"]?["routing-key"] is JsonValue value && value.ToString().Trim().Length > 0;

    /// <summary>
    /// The rule set in force: the configuration's rules, then the API rules (by name). Without API rules it is the
    /// configuration's rule set itself. With API rules but no configuration rules, the implicit rule stays as the
    /// fallback for events no API rule matches, so adding a rule through the API never stops the alerting a node
    /// had. A stored rule that no longer reads (the configuration's lists or defaults changed since it was stored) is
    /// left out, its problems returned by name.
    /// </summary>
    public (RuleSet Rules, IReadOnlyDictionary<string, IReadOnlyList<string>> Problems) Effective(ApiRuleSet stored)
    {
        var problems = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var apiRules = new List<AlertRule>();
        foreach (var rule in stored.Items)
        {
            if (IsConfigRule(rule.Name))
            {
                problems[rule.Name] =
                [
                    $"\"{rule.Name}\" is also the name of a rule in the configuration file, which wins",
                ];
                continue;
            }
            var definition = JsonNode.Parse(rule.Definition) as JsonObject ?? [];
            var (read, ruleProblems) = Read([definition]);
            if (ruleProblems.Count > 0)
                problems[rule.Name] = ruleProblems;
            apiRules.AddRange(read);
        }
        if (apiRules.Count == 0)
            return (configRules, problems);
        return ImplicitOnly
            ? (new RuleSet(apiRules, fallback: configRules.Rules[0]) { Intervals = configRules.Intervals }, problems)
            : (new RuleSet([.. configRules.Rules, .. apiRules]) { Intervals = configRules.Intervals }, problems);
    }

    private static string NameOf(JsonObject definition) =>
        definition["name"] is JsonValue name && name.ToString().Trim() is { Length: > 0 } text ? $" ({text})" : "";

    private static IReadOnlyDictionary<string, JsonObject> ConfigDefinitionsOf(Config section)
    {
        var result = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        if (!section.HasPath("rules") || section.GetValue("rules") is not { } rules || !rules.IsArray())
            return result;
        foreach (var item in rules.GetArray())
            if (HoconJson.Of(item) is JsonObject rule && rule["name"] is JsonValue name)
                result.TryAdd(name.ToString().Trim(), rule);
        return result;
    }
}
