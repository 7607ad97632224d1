using System.Text.RegularExpressions;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules.Conditions;

/// <summary>
/// regex: the pattern is found in the field's text (unanchored: write ^...$ for a whole-value match).
/// Strings, numbers and booleans are tested; absent, null, arrays and objects never match. The pattern is
/// compiled once, culture-invariant, with a match timeout; a timeout counts as no match.
/// </summary>
public sealed class RegexCondition : FieldCondition
{
    private readonly Regex _regex;

    internal RegexCondition(string field, Regex regex)
        : base(field, FieldOperator.Regex) => _regex = regex;

    public string Pattern => _regex.ToString();

    public override bool Matches(InfraEvent evt)
    {
        var field = FieldValue.Of(evt, Field);
        if (field.Kind is not (FieldKind.String or FieldKind.Number or FieldKind.Boolean))
            return false;
        try
        {
            return _regex.IsMatch(field.Text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    public override string ToString() => $"{Field} regex \"{Pattern}\"";
}
