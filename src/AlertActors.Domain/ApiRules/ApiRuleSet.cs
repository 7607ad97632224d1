using System.Collections.Immutable;
using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.ApiRules;

/// <summary>
/// Every rule stored through the API (immutable, ordered by name). <see cref="Revision"/> is the number of the last
/// change the registry persisted, so a node can tell a newer set from an older one that arrives late.
/// </summary>
public sealed record ApiRuleSet(ImmutableArray<ApiRule> Rules, long Revision) : IAlertMessage
{
    public static readonly ApiRuleSet Empty = new([], 0);

    /// <summary>The rules, never a default array.</summary>
    public IEnumerable<ApiRule> Items => Rules.IsDefault ? [] : Rules;

    /// <summary>The rule named <paramref name="name"/> (case-insensitively, as rule names are unique), or
    /// null.</summary>
    public ApiRule? Find(string name) =>
        Items.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>This set after <paramref name="evt"/>, persisted as change number
    /// <paramref name="revision"/>.</summary>
    /// <exception cref="ArgumentException">An event type this set does not know.</exception>
    public ApiRuleSet Apply(IApiRuleJournalEvent evt, long revision) =>
        evt switch
        {
            ApiRuleJournalEvents.RuleStored stored => new ApiRuleSet(
                [
                    .. Items
                        .Where(r => !Same(r.Name, stored.Name))
                        .Append(new ApiRule(stored.Name, stored.Definition, revision, stored.By, stored.At))
                        .OrderBy(r => r.Name, StringComparer.Ordinal),
                ],
                revision
            ),
            ApiRuleJournalEvents.RuleDeleted deleted => new ApiRuleSet(
                [.. Items.Where(r => !Same(r.Name, deleted.Name))],
                revision
            ),
            _ => throw new ArgumentException($"unknown rule event {evt.GetType().Name}", nameof(evt)),
        };

    /// <summary>Equal when they hold equal rules in the same order at the same revision.</summary>
    public bool Equals(ApiRuleSet? other) =>
        other is not null && Revision == other.Revision && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Revision.GetHashCode();

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
