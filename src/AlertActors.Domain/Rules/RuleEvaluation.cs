namespace AlertActors.Domain.Rules;

/// <summary>What one rule made of one event.</summary>
public enum RuleOutcome
{
    /// <summary>The rule's match holds and the event is at or above its min-severity: it feeds an alert.</summary>
    Matched = 0,

    /// <summary>The rule's <c>match</c> does not hold for the event.</summary>
    NotMatched = 1,

    /// <summary>The rule's <c>match</c> holds, but the event (a trigger) is below the rule's
    /// <c>min-severity</c>.</summary>
    BelowMinSeverity = 2,

    /// <summary>The rule's <c>match</c> holds, but the event's time is outside every one of the rule's
    /// <c>active-during</c> time intervals (README "Time windows").</summary>
    Inactive = 3,
}

/// <param name="Rule">The rule's name (<see cref="RuleSet.ImplicitRuleName"/> for the implicit rule).</param>
/// <param name="Match">The alert it feeds, when <paramref name="Outcome"/> is
/// <see cref="RuleOutcome.Matched"/>.</param>
/// <param name="Reason">For people: why the rule did not match, e.g. <c>severity medium is below min-severity high</c>;
/// empty when it matched.</param>
public sealed record RuleResult(string Rule, RuleOutcome Outcome, AlertMatch? Match, string Reason);

/// <summary>
/// Every rule's verdict on one event, in rule order: which rules match (with the dedup key and summary they render) and
/// why the others do not. The ingest's per-event answer, <c>check-config --event</c> and a rules dry-run all read it.
/// </summary>
public sealed record RuleEvaluation(IReadOnlyList<RuleResult> Results)
{
    /// <summary>The alerts the event feeds, one per matching rule.</summary>
    public IReadOnlyList<AlertMatch> Matches { get; } =
    [.. Results.Where(r => r.Match is not null).Select(r => r.Match!)];

    /// <summary>Nothing matched, and at least one rule's match held but the event was below its min-severity.</summary>
    public bool BelowMinSeverity => Matches.Count == 0 && Results.Any(r => r.Outcome == RuleOutcome.BelowMinSeverity);

    /// <summary>Nothing matched, and at least one rule's match held but the rule was inactive at the event's
    /// time.</summary>
    public bool RuleInactive => Matches.Count == 0 && Results.Any(r => r.Outcome == RuleOutcome.Inactive);

    /// <summary>Why the event feeds no alert (each rule's reason, <c>rule: reason</c>, joined by "; "); null when it
    /// feeds one.</summary>
    public string? WhyNothingMatched =>
        Matches.Count > 0 ? null
        : Results.Count == 0 ? "no rules are configured"
        : string.Join("; ", Results.Select(r => $"{r.Rule}: {r.Reason}"));
}
