using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules.Conditions;

/// <summary>gt / gte / lt / lte against a number. A field that is not a number never matches.</summary>
public sealed class ComparisonCondition : FieldCondition
{
    private readonly double _value;

    internal ComparisonCondition(string field, FieldOperator op, double value)
        : base(field, op) => _value = value;

    public override bool Matches(InfraEvent evt) =>
        FieldValue.Of(evt, Field).AsNumber() is { } number
        && Operator switch
        {
            FieldOperator.Gt => number > _value,
            FieldOperator.Gte => number >= _value,
            FieldOperator.Lt => number < _value,
            FieldOperator.Lte => number <= _value,
            _ => false,
        };

    public override string ToString() => $"{Field} {Operator.ToName()} {_value}";
}
