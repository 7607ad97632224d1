using AlertActors.Configuration;
using AlertActors.Domain.ApiRules;
using AlertActors.Domain.Rules;

namespace AlertActors.Actors.ApiRules;

/// <summary>
/// This node's rule set in force (<see cref="IRuleSetSource"/>): the configuration's rules plus the API rules of the
/// newest <see cref="ApiRuleSet"/> the node has seen, made by <see cref="ApiRuleReader.Effective"/>. Reads never
/// block: the whole state is one immutable <see cref="Snapshot"/> behind a volatile field, swapped by
/// <see cref="ApiRuleSubscriber"/> when a newer set arrives. Until one arrives it is the configuration's rules alone.
/// </summary>
public sealed class CurrentRules(ApiRuleReader reader) : IRuleSetSource
{
    /// <summary>One consistent state: the stored API rules, the rule set made from them and the configuration, and
    /// the problems of stored rules that no longer read (by name).</summary>
    public sealed record Snapshot(
        ApiRuleSet Api,
        RuleSet Rules,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Problems
    );

    private readonly Lock _gate = new();
    private volatile Snapshot _current = new(
        ApiRuleSet.Empty,
        reader.ConfigRules,
        new Dictionary<string, IReadOnlyList<string>>()
    );

    public RuleSet Current => _current.Rules;

    /// <summary>The whole state, for the rules API.</summary>
    public Snapshot State => _current;

    /// <summary>The reader of this node's configuration (for validating rules and showing configuration
    /// rules).</summary>
    public ApiRuleReader Reader => reader;

    /// <summary>
    /// Takes <paramref name="set"/> unless it is older (lower revision) than the one held, which happens when a
    /// refresh answer overtakes a publish; <paramref name="force"/> takes it anyway (the registry started over, e.g.
    /// on a new journal). True if taken.
    /// </summary>
    public bool Update(ApiRuleSet set, bool force = false)
    {
        lock (_gate)
        {
            if (!force && set.Revision < _current.Api.Revision)
                return false;
            if (set.Revision == _current.Api.Revision && set.Equals(_current.Api))
                return true;
            var (rules, problems) = reader.Effective(set);
            _current = new Snapshot(set, rules, problems);
            return true;
        }
    }
}
