using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules.Conditions;

/// <summary>
/// eq, ne, in, not-in, gt, gte, lt, lte on the <c>severity</c> field, by severity order
/// (info &lt; low &lt; medium &lt; high &lt; critical). Severity names are case-insensitive.
/// </summary>
public sealed class SeverityCondition : FieldCondition
{
    private readonly HashSet<Severity> _values;

    private SeverityCondition(FieldOperator op, HashSet<Severity> values)
        : base("severity", op) => _values = values;

    internal static SeverityCondition Create(FieldOperator op, ConditionValue value)
    {
        IReadOnlyList<string> names = op is FieldOperator.In or FieldOperator.NotIn
            ? RequireList(op, value)
            : [RequireScalar(op, value)];
        var severities = new HashSet<Severity>();
        foreach (var name in names)
        {
            if (!SeverityNames.TryParse(name, out var severity))
                throw new ConditionException(
                    "value",
                    $"\"{name}\" is not one of {string.Join(", ", SeverityNames.All)}"
                );
            severities.Add(severity);
        }
        return new SeverityCondition(op, severities);
    }

    public override bool Matches(InfraEvent evt)
    {
        var severity = evt.Severity;
        return Operator switch
        {
            FieldOperator.Eq or FieldOperator.In => _values.Contains(severity),
            FieldOperator.Ne or FieldOperator.NotIn => !_values.Contains(severity),
            FieldOperator.Gt => severity > _values.Single(),
            FieldOperator.Gte => severity >= _values.Single(),
            FieldOperator.Lt => severity < _values.Single(),
            FieldOperator.Lte => severity <= _values.Single(),
            _ => false,
        };
    }

    public override string ToString() =>
        $"severity {Operator.ToName()} {string.Join(",", _values.Select(s => s.ToName()))}";
}
