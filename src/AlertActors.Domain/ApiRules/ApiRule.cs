namespace AlertActors.Domain.ApiRules;

/// <summary>
/// A rule stored through the HTTP API (<c>PUT /api/v1/rules/{name}</c>), as the rule registry keeps it: the rule's
/// definition (its HOCON keys as a JSON object, exactly as validated when it was stored) and who last changed it when.
/// </summary>
/// <param name="Name">The rule's name (unique among API and configuration rules).</param>
/// <param name="Definition">The rule as a JSON object text (<c>{"name":"...","match":{...},...}</c>), read with the
/// same reader as <c>alertactors.rules</c> on every node.</param>
/// <param name="Revision">The number of the registry change that last wrote this rule (every change of any API rule
/// takes the next number, like etcd's <c>mod_revision</c>).</param>
/// <param name="UpdatedBy">Who made that change: the API token's name (or the request's <c>by</c> without
/// tokens).</param>
/// <param name="UpdatedAt">When the registry recorded that change.</param>
public sealed record ApiRule(string Name, string Definition, long Revision, string UpdatedBy, DateTimeOffset UpdatedAt);
