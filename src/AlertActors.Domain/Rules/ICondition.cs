using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules;

/// <summary>A rule's <c>match</c>: a pure predicate over an event.</summary>
public interface ICondition
{
    bool Matches(InfraEvent evt);
}
