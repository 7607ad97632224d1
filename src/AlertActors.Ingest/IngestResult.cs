using AlertActors.Domain.Rules;

namespace AlertActors.Ingest;

/// <summary>What happened to one ingested event (the per-event answer of <c>POST /api/v1/events</c>).</summary>
public enum IngestOutcome
{
    /// <summary>Recorded in every alert of <see cref="IngestResult.Alerts"/>.</summary>
    Recorded = 0,

    /// <summary>Every alert it feeds had already recorded its event id (a redelivery): nothing changed.</summary>
    Duplicate = 1,

    /// <summary>No rule's match holds for it: it feeds no alert.</summary>
    NoRuleMatched = 2,

    /// <summary>A rule's match holds but the event is below that rule's min-severity: it feeds no alert.</summary>
    BelowMinSeverity = 3,

    /// <summary>A rule's match holds but the event's time is outside the rule's <c>active-during</c> time intervals: it
    /// feeds no alert (counted in <c>alertactors_rule_inactive_events_total</c>).</summary>
    RuleInactive = 4,
}

/// <param name="EventId">The event's CloudEvents id.</param>
/// <param name="Alerts">The dedup keys of the alerts it feeds (empty when none).</param>
/// <param name="Reason">For people, when it feeds no alert: each rule's reason
/// (<see cref="RuleEvaluation.WhyNothingMatched"/>).</param>
public sealed record IngestResult(
    string EventId,
    IngestOutcome Outcome,
    IReadOnlyList<string> Alerts,
    string? Reason = null
)
{
    public static IngestResult NothingMatched(string eventId, RuleEvaluation evaluation) =>
        new(
            eventId,
            evaluation.RuleInactive ? IngestOutcome.RuleInactive
                : evaluation.BelowMinSeverity ? IngestOutcome.BelowMinSeverity
                : IngestOutcome.NoRuleMatched,
            [],
            evaluation.WhyNothingMatched
        );

    /// <summary>The outcome's name on the wire: recorded, duplicate, no_rule_matched, below_min_severity,
    /// rule_inactive.</summary>
    public string OutcomeName =>
        Outcome switch
        {
            IngestOutcome.Recorded => "recorded",
            IngestOutcome.Duplicate => "duplicate",
            IngestOutcome.NoRuleMatched => "no_rule_matched",
            IngestOutcome.RuleInactive => "rule_inactive",
            _ => "below_min_severity",
        };
}
