using System.Collections.Immutable;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules;

/// <summary>
/// One alert rule (CONTRACT §3): which events it takes and how the resulting alert is keyed,
/// summarised and routed. The implicit default rule is <see cref="RuleSet.ImplicitRuleName"/>.
/// </summary>
public sealed record AlertRule(
    string Name,
    Severity MinSeverity,
    FieldTemplate DedupKey,
    FieldTemplate Summary,
    Severity? SeverityOverride,
    ImmutableArray<string> Providers)
{
    public static readonly FieldTemplate DefaultDedupKey = new("{tenant}:{type}:{subject}");
    public static readonly FieldTemplate DefaultSummary = new("{type} on {subject}");
}
