namespace AlertActors.Domain.Rules.Conditions;

/// <summary>
/// The expected values of eq/ne/in/not-in (and a contains element): a field equals one of them when its
/// text equals (under the case rule) or, for a numeric field, when the numbers are equal (so 42 = 42.0).
/// </summary>
internal sealed class ScalarSet
{
    private readonly HashSet<string> _texts;
    private readonly HashSet<double> _numbers;

    public ScalarSet(IEnumerable<string> values, bool caseSensitive)
    {
        _texts = new HashSet<string>(values, caseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase);
        _numbers = [];
        foreach (var text in _texts)
            if (FieldValue.ParseNumber(text) is { } number)
                _numbers.Add(number);
    }

    public int Count => _texts.Count;

    public bool Contains(FieldValue value) =>
        value.Kind switch
        {
            FieldKind.String or FieldKind.Boolean or FieldKind.Array or FieldKind.Object => _texts.Contains(value.Text),
            FieldKind.Number => (value.Number is { } number && _numbers.Contains(number))
                || _texts.Contains(value.Text),
            _ => false,
        };
}
