using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules.Conditions;

/// <summary>
/// eq / in (the field equals one of the values) and their negations ne / not-in. An absent or null field
/// equals nothing, so ne and not-in match it.
/// </summary>
public sealed class EqualityCondition : FieldCondition
{
    private readonly ScalarSet _values;
    private readonly bool _negate;

    internal EqualityCondition(
        string field,
        FieldOperator op,
        IReadOnlyList<string> values,
        bool caseSensitive,
        bool negate
    )
        : base(field, op)
    {
        _values = new ScalarSet(values, caseSensitive);
        _negate = negate;
    }

    public override bool Matches(InfraEvent evt) => _values.Contains(FieldValue.Of(evt, Field)) != _negate;

    public override string ToString() =>
        $"{Field} {Operator.ToName()} [{_values.Count} value{(_values.Count == 1 ? "" : "s")}]";
}
