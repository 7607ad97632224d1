using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Actors.ApiRules;
using AlertActors.Domain.ApiRules;
using AlertActors.Host.Api;

namespace AlertActors.Host.Application;

/// <summary>
/// The rules in force as an API caller may see and change them (README "Rules through the API"): the configuration's
/// rules (read-only) and the rules of the cluster's rule registry. A tenant-scoped caller sees and changes only rules
/// of its tenants (<see cref="RuleTenants"/>); another rule is treated exactly as a missing one. The registry's ask
/// timeout surfaces as <see cref="Akka.Actor.AskTimeoutException"/>.
/// </summary>
public sealed class CallerRules(ApiRuleRegistryClient registry, CurrentRules current)
{
    /// <summary>Who a change is recorded as when no token names the caller (tokens are off) and no <c>by</c> is
    /// given.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>What became of a change.</summary>
    public abstract record Change
    {
        /// <summary>Stored (<paramref name="Created"/>: no rule had the name) or deleted.</summary>
        public sealed record Done(RuleJson Rule, bool Created) : Change;

        /// <summary>The rule is not valid: every problem; nothing was stored.</summary>
        public sealed record Invalid(IReadOnlyList<string> Problems) : Change;

        /// <summary>A scoped caller's rule that would alert on other tenants (or on every tenant); nothing was
        /// stored.</summary>
        public sealed record OutOfScope(ApiCaller Caller) : Change;

        /// <summary>The name is a configuration rule's: read-only through the API.</summary>
        public sealed record ConfigRule(string Name) : Change;

        /// <summary>No rule of that name the caller may see.</summary>
        public sealed record NotFound(string Name) : Change;

        /// <summary>The registry refused it (a create of a name in use).</summary>
        public sealed record Conflict(string Reason) : Change;
    }

    /// <summary>Every rule in force the caller may see: configuration rules first, then API rules by name.</summary>
    public async Task<RuleListJson> ListAsync(ApiCaller? caller, CancellationToken ct)
    {
        var stored = await registry.ListAsync(ct);
        var problems = current.Reader.Effective(stored).Problems;
        return new RuleListJson(
            [
                .. ConfigRules().Where(r => RuleTenants.Allows(caller, r.Definition)),
                .. stored
                    .Items.Select(r => ApiRuleJson(r, problems))
                    .Where(r => RuleTenants.Allows(caller, r.Definition)),
            ],
            stored.Revision
        );
    }

    /// <summary>The rule, or null when there is none the caller may see.</summary>
    public async Task<RuleJson?> FindAsync(string name, ApiCaller? caller, CancellationToken ct)
    {
        var stored = await registry.ListAsync(ct);
        var rule =
            ConfigRules().FirstOrDefault(r => SameName(r.Name, name))
            ?? (
                stored.Find(name) is { } apiRule
                    ? ApiRuleJson(apiRule, current.Reader.Effective(stored).Problems)
                    : null
            );
        return rule is not null && RuleTenants.Allows(caller, rule.Definition) ? rule : null;
    }

    /// <summary>
    /// Validates <paramref name="body"/> (a rule's keys as a JSON object; its <c>name</c> may be left out and must
    /// otherwise be <paramref name="name"/>) and stores it under <paramref name="name"/>: replacing a rule of that
    /// name unless <paramref name="createOnly"/>.
    /// </summary>
    /// <param name="name">The rule's name; null to take it from the body (a create).</param>
    /// <param name="by">Who the change is recorded as when tokens are off.</param>
    public async Task<Change> StoreAsync(
        string? name,
        ReadOnlyMemory<byte> body,
        bool createOnly,
        ApiCaller? caller,
        string? by,
        CancellationToken ct
    )
    {
        if (ParseObject(body, out var error) is not { } definition)
            return new Change.Invalid([error]);
        var given = definition["name"] is JsonValue value ? value.ToString().Trim() : null;
        if (name is null && string.IsNullOrEmpty(given))
            return new Change.Invalid(current.Reader.Read([definition]).Problems);
        name ??= given!;
        var mismatch =
            given is not null && !SameName(given, name)
                ? $"{Where(0, given)}.name: \"{given}\" differs from the name in the path, \"{name}\""
                : null;
        definition = WithName(definition, given ?? name);

        if (current.Reader.IsConfigRule(name))
            return
                ConfigRules().FirstOrDefault(r => SameName(r.Name, name)) is { } configRule
                && RuleTenants.Allows(caller, configRule.Definition)
                ? new Change.ConfigRule(configRule.Name)
                : new Change.NotFound(name);
        var stored = await registry.ListAsync(ct);
        if (stored.Find(name) is { } existing && !RuleTenants.Allows(caller, Definition(existing)))
            return new Change.NotFound(name);
        var (_, problems) = current.Reader.Read([definition]);
        if (mismatch is not null || problems.Count > 0)
            return new Change.Invalid(mismatch is null ? problems : [mismatch, .. problems]);
        if (!RuleTenants.Allows(caller, definition))
            return new Change.OutOfScope(caller!);

        var command = new ApiRuleCommands.StoreRule(name, definition.ToJsonString(), WhoOf(caller, by), createOnly);
        return await registry.StoreAsync(command, ct) switch
        {
            ApiRuleReplies.Stored done => await AppliedAsync(
                new Change.Done(ApiRuleJson(done.Rule, NoProblems), done.Created),
                ct
            ),
            ApiRuleReplies.Rejected rejected => new Change.Conflict(rejected.Reason),
            var other => throw new InvalidOperationException($"unexpected reply {other.GetType().Name}"),
        };
    }

    /// <summary>Deletes an API rule the caller may see.</summary>
    public async Task<Change> DeleteAsync(string name, ApiCaller? caller, string? by, CancellationToken ct)
    {
        if (ConfigRules().FirstOrDefault(r => SameName(r.Name, name)) is { } configRule)
            return RuleTenants.Allows(caller, configRule.Definition)
                ? new Change.ConfigRule(configRule.Name)
                : new Change.NotFound(name);
        if (
            caller is { IsScoped: true }
            && (await registry.ListAsync(ct)).Find(name) is { } existing
            && !RuleTenants.Allows(caller, Definition(existing))
        )
            return new Change.NotFound(name);
        return await registry.DeleteAsync(name, WhoOf(caller, by), ct) switch
        {
            ApiRuleReplies.Deleted deleted => await AppliedAsync(
                new Change.Done(
                    ApiRuleJson(deleted.Rule, NoProblems) with
                    {
                        Revision = deleted.Revision,
                    },
                    Created: false
                ),
                ct
            ),
            ApiRuleReplies.NotFound => new Change.NotFound(name),
            var other => throw new InvalidOperationException($"unexpected reply {other.GetType().Name}"),
        };
    }

    /// <summary>The definitions of the rules in force on this node (configuration and API rules) by name, for
    /// deciding which a scoped caller may see.</summary>
    public IReadOnlyDictionary<string, JsonObject> DefinitionsInForce() =>
        ConfigRules()
            .Select(r => (r.Name, Definition: r.Definition))
            .Concat(current.State.Api.Items.Select(r => (r.Name, Definition: Definition(r))))
            .DistinctBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(r => r.Name, r => r.Definition, StringComparer.OrdinalIgnoreCase);

    /// <summary>The object in <paramref name="body"/>, or null with why not in <paramref name="error"/>.</summary>
    public static JsonObject? ParseObject(ReadOnlyMemory<byte> body, out string error)
    {
        error = "";
        try
        {
            if (JsonNode.Parse(body.Span) is JsonObject definition)
                return definition;
            error = "the body must be a JSON object: a rule's keys, e.g. {\"name\":\"disk-full\",\"match\":{...}}";
        }
        catch (JsonException ex)
        {
            error = $"the body is not JSON: {ex.Message}";
        }
        return null;
    }

    /// <summary>
    /// Brings this node's rule set in force up to the change just made before answering, so the caller's next event to
    /// this node meets it (the registry's publication brings it to every other node).
    /// </summary>
    private async Task<Change> AppliedAsync(Change change, CancellationToken ct)
    {
        current.Update(await registry.ListAsync(ct));
        return change;
    }

    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoProblems =
        new Dictionary<string, IReadOnlyList<string>>();

    private IEnumerable<RuleJson> ConfigRules()
    {
        var reader = current.Reader;
        if (reader.ImplicitOnly)
        {
            yield return new RuleJson(
                reader.ConfigRules.Rules[0].Name,
                RuleJson.ConfigOrigin,
                null,
                null,
                null,
                Implicit: true,
                reader.ImplicitDefinition(),
                null
            );
            yield break;
        }
        foreach (var rule in reader.ConfigRules.Rules)
            yield return new RuleJson(
                rule.Name,
                RuleJson.ConfigOrigin,
                null,
                null,
                null,
                null,
                RuleJson.Masked(reader.ConfigDefinition(rule.Name) ?? new JsonObject { ["name"] = rule.Name }),
                null
            );
    }

    private static RuleJson ApiRuleJson(ApiRule rule, IReadOnlyDictionary<string, IReadOnlyList<string>> problems) =>
        new(
            rule.Name,
            RuleJson.ApiOrigin,
            rule.Revision,
            rule.UpdatedBy,
            rule.UpdatedAt,
            null,
            RuleJson.Masked(Definition(rule)),
            problems.GetValueOrDefault(rule.Name)
        );

    private static JsonObject Definition(ApiRule rule) => JsonNode.Parse(rule.Definition) as JsonObject ?? [];

    /// <summary>The definition with <c>name</c> first, as <paramref name="name"/>.</summary>
    private static JsonObject WithName(JsonObject definition, string name)
    {
        var result = new JsonObject { ["name"] = name };
        foreach (var (key, value) in definition)
            if (key != "name")
                result[key] = value?.DeepClone();
        return result;
    }

    private static string WhoOf(ApiCaller? caller, string? by) =>
        caller?.Name ?? (string.IsNullOrWhiteSpace(by) ? Anonymous : by.Trim());

    private static string Where(int index, string? name) =>
        $"{AlertActors.Configuration.RuleReader.Prefix}.rules[{index}]{(string.IsNullOrEmpty(name) ? "" : $" ({name})")}";

    private static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
