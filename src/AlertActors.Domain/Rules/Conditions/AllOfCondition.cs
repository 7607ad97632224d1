using System.Collections.Immutable;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules.Conditions;

/// <summary><c>all = [...]</c>: every condition matches (none given: every event matches).</summary>
public sealed class AllOfCondition(ImmutableArray<ICondition> conditions) : ICondition
{
    public ImmutableArray<ICondition> Conditions { get; } = conditions;

    public bool Matches(InfraEvent evt)
    {
        foreach (var condition in Conditions)
            if (!condition.Matches(evt))
                return false;
        return true;
    }

    public override string ToString() => $"all [{string.Join(", ", Conditions)}]";
}
