using System.Collections.Immutable;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules.Conditions;

/// <summary><c>any = [...]</c>: at least one condition matches (none given: no event matches).</summary>
public sealed class AnyOfCondition(ImmutableArray<ICondition> conditions) : ICondition
{
    public ImmutableArray<ICondition> Conditions { get; } = conditions;

    public bool Matches(InfraEvent evt)
    {
        foreach (var condition in Conditions)
            if (condition.Matches(evt))
                return true;
        return false;
    }

    public override string ToString() => $"any [{string.Join(", ", Conditions)}]";
}
