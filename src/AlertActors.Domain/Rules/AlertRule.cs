using System.Collections.Immutable;
using AlertActors.Domain.Events;
using AlertActors.Domain.Groups;

namespace AlertActors.Domain.Rules;

/// <summary>
/// One alert rule (docs/configuration.md "Rules"): which events it takes (<see cref="Match"/>; null takes every event
/// at or above <see cref="MinSeverity"/>), how the resulting alert is keyed and summarised, how it behaves over
/// time and where it is routed. A <see cref="ChangeEvent"/> rule sends each occurrence to PagerDuty as a
/// change event instead of opening an alert. The implicit default rule is named <see cref="RuleSet.ImplicitRuleName"/>.
/// </summary>
public sealed record AlertRule(
    string Name,
    ICondition? Match,
    Severity MinSeverity,
    FieldTemplate DedupKey,
    FieldTemplate Summary,
    Severity? SeverityOverride,
    ImmutableArray<string> Providers,
    AlertPolicy Policy,
    AlertRoute Route,
    bool ChangeEvent = false
)
{
    public static readonly FieldTemplate DefaultSummary = new("{type} on {subject}");

    /// <summary>How the rule's alerts are grouped into notifications (<c>group { by, wait, interval }</c>);
    /// <see cref="GroupPolicy.Ungrouped"/>: each alert notifies for itself.</summary>
    public GroupPolicy Group { get; init; } = GroupPolicy.Ungrouped;

    /// <summary>
    /// The named time intervals (<c>active-during</c>, Alertmanager's <c>active_time_intervals</c>) outside all of
    /// which the rule takes no trigger event (judged at the event's <c>time</c>); empty: always active. Resolves always
    /// pass.
    /// </summary>
    public ImmutableArray<string> ActiveDuring { get; init; } = [];

    /// <summary>The route of each step of <see cref="AlertPolicy.Escalation"/>, by position (the configuration only:
    /// it may hold a PagerDuty routing key, so it is never journaled); <see cref="AlertRoute.Default"/> for a step
    /// without one.</summary>
    public ImmutableArray<AlertRoute> EscalationRoutes { get; init; } = [];

    /// <summary>
    /// The absolute http(s) URL of the rule's remediation endpoint (<c>remediation.webhook</c>, README "Remediation");
    /// null when the rule has no remediation. Configuration only: it may carry a token, so it is never journaled and
    /// never logged; the rest of the block is <see cref="AlertPolicy.Remediation"/>.
    /// </summary>
    public Uri? RemediationWebhook { get; init; }
}
