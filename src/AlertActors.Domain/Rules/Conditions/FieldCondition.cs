using System.Text.RegularExpressions;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules.Conditions;

/// <summary>
/// A test of one event field (<c>type</c>, <c>subject</c>, <c>data.mac</c>, ...) with one operator.
/// Build with <see cref="Create"/>, which checks the field, the operator and its operand.
/// </summary>
public abstract class FieldCondition : ICondition
{
    public static readonly TimeSpan DefaultRegexTimeout = TimeSpan.FromMilliseconds(100);

    protected FieldCondition(string field, FieldOperator op)
    {
        Field = field;
        Operator = op;
    }

    public string Field { get; }

    public FieldOperator Operator { get; }

    public abstract bool Matches(InfraEvent evt);

    /// <summary>
    /// The condition for <paramref name="field"/> <paramref name="op"/> <paramref name="value"/>.
    /// <paramref name="caseSensitive"/> applies to eq, ne, in, not-in, contains and regex over text.
    /// Throws <see cref="ConditionException"/> naming the key at fault.
    /// </summary>
    public static FieldCondition Create(
        string field,
        FieldOperator op,
        ConditionValue value,
        bool caseSensitive = true,
        TimeSpan? regexTimeout = null
    )
    {
        if (EventFields.MistakeIn(field) is { } mistake)
            throw new ConditionException("field", mistake);

        if (field == "severity" && op is not (FieldOperator.Contains or FieldOperator.Regex or FieldOperator.Exists))
            return SeverityCondition.Create(op, value);

        return op switch
        {
            FieldOperator.Eq or FieldOperator.Ne => new EqualityCondition(
                field,
                op,
                [RequireScalar(op, value)],
                caseSensitive,
                negate: op == FieldOperator.Ne
            ),
            FieldOperator.In or FieldOperator.NotIn => new EqualityCondition(
                field,
                op,
                RequireList(op, value),
                caseSensitive,
                negate: op == FieldOperator.NotIn
            ),
            FieldOperator.Gt or FieldOperator.Gte or FieldOperator.Lt or FieldOperator.Lte => new ComparisonCondition(
                field,
                op,
                RequireNumber(op, value)
            ),
            FieldOperator.Contains => new ContainsCondition(field, RequireScalar(op, value), caseSensitive),
            FieldOperator.Regex => new RegexCondition(
                field,
                RequirePattern(value, caseSensitive, regexTimeout ?? DefaultRegexTimeout)
            ),
            FieldOperator.Exists => new ExistsCondition(field, RequireBoolean(value)),
            _ => throw new ConditionException(
                "op",
                $"\"{op}\" is not one of {string.Join(", ", FieldOperatorNames.All)}"
            ),
        };
    }

    internal static string RequireScalar(FieldOperator op, ConditionValue value)
    {
        if (value.Scalar is { } scalar)
            return scalar;
        if (value.Items is not null)
            throw new ConditionException(
                "value",
                $"{op.ToName()} takes a single value, not a list{(op is FieldOperator.Eq or FieldOperator.Ne ? "; use in / not-in for a list" : "")}"
            );
        throw new ConditionException("value", $"is required for {op.ToName()}");
    }

    internal static IReadOnlyList<string> RequireList(FieldOperator op, ConditionValue value)
    {
        if (value.Items is { } items)
            return items;
        if (value.Scalar is not null)
            throw new ConditionException(
                "value",
                $"{op.ToName()} takes a list [..] (or list = <name>), not a single value; use {(op == FieldOperator.In ? "eq" : "ne")} for one value"
            );
        throw new ConditionException("value", $"is required for {op.ToName()}: a list [..] (or list = <name>)");
    }

    private static double RequireNumber(FieldOperator op, ConditionValue value)
    {
        var scalar = RequireScalar(op, value);
        return FieldValue.ParseNumber(scalar)
            ?? throw new ConditionException(
                "value",
                $"\"{scalar}\" is not a number; {op.ToName()} compares numbers (or severities, on field severity)"
            );
    }

    private static Regex RequirePattern(ConditionValue value, bool caseSensitive, TimeSpan timeout)
    {
        var pattern = RequireScalar(FieldOperator.Regex, value);
        var options = RegexOptions.CultureInvariant | (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase);
        try
        {
            return new Regex(pattern, options, timeout);
        }
        catch (ArgumentException ex)
        {
            throw new ConditionException("value", $"\"{pattern}\" is not a valid regular expression: {ex.Message}");
        }
    }

    private static bool RequireBoolean(ConditionValue value)
    {
        if (value.IsNone)
            return true;
        if (value.Scalar is { } scalar)
        {
            switch (scalar.Trim().ToLowerInvariant())
            {
                case "true" or "yes" or "on":
                    return true;
                case "false" or "no" or "off":
                    return false;
            }
        }
        throw new ConditionException("value", $"exists takes true or false, not {value}");
    }
}
