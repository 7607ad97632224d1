using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules.Conditions;

/// <summary>
/// exists: with true, the field is present and not null; with false, it is absent (or null). Top-level
/// fields other than subject and summary always exist.
/// </summary>
public sealed class ExistsCondition : FieldCondition
{
    private readonly bool _present;

    internal ExistsCondition(string field, bool present)
        : base(field, FieldOperator.Exists) => _present = present;

    public override bool Matches(InfraEvent evt) => EventFields.IsPresent(evt, Field) == _present;

    public override string ToString() => $"{Field} exists {(_present ? "true" : "false")}";
}
