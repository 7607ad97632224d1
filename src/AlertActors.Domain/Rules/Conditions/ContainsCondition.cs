using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules.Conditions;

/// <summary>
/// contains: a substring of a string field, or an element of a JSON array field (elements compare as eq
/// does). Other fields never match.
/// </summary>
public sealed class ContainsCondition : FieldCondition
{
    private readonly string _value;
    private readonly StringComparison _comparison;
    private readonly ScalarSet _element;

    internal ContainsCondition(string field, string value, bool caseSensitive)
        : base(field, FieldOperator.Contains)
    {
        _value = value;
        _comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        _element = new ScalarSet([value], caseSensitive);
    }

    public override bool Matches(InfraEvent evt)
    {
        var field = FieldValue.Of(evt, Field);
        switch (field.Kind)
        {
            case FieldKind.String:
                return field.Text.Contains(_value, _comparison);
            case FieldKind.Array:
                foreach (var element in field.Element!.Value.EnumerateArray())
                    if (_element.Contains(FieldValue.FromElement(element)))
                        return true;
                return false;
            default:
                return false;
        }
    }

    public override string ToString() => $"{Field} contains \"{_value}\"";
}
