using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Groups;

namespace AlertActors.Domain.Rules;

/// <summary>The configured rules; matching an event is pure and yields one alert per matching rule.</summary>
public sealed partial class RuleSet
{
    public const string ImplicitRuleName = "default";

    private readonly Dictionary<string, AlertRoute> _routes;
    private readonly Dictionary<string, AlertRule> _rulesByName;

    public RuleSet(IReadOnlyList<AlertRule> rules)
    {
        Rules = rules;
        _routes = rules.ToDictionary(r => r.Name, r => r.Route, StringComparer.Ordinal);
        _rulesByName = rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<AlertRule> Rules { get; }

    /// <summary>
    /// The route of the rule a notification came from, as configured now (a delivery recorded before a
    /// configuration change goes where the operator now says). Unknown rules route to the defaults.
    /// </summary>
    public AlertRoute RouteOf(string ruleName) => _routes.GetValueOrDefault(ruleName, AlertRoute.Default);

    /// <summary>The alerts <paramref name="evt"/> feeds: one per matching rule (see <see cref="Evaluate"/> for why
    /// others do not match).</summary>
    public IReadOnlyList<AlertMatch> Match(InfraEvent evt) => Evaluate(evt).Matches;

    /// <summary>Every rule's verdict on <paramref name="evt"/>: the alert it feeds, or why it does not match.
    /// Pure.</summary>
    public RuleEvaluation Evaluate(InfraEvent evt)
    {
        var results = new List<RuleResult>(Rules.Count);
        foreach (var rule in Rules)
        {
            if (rule.Match is not null && !rule.Match.Matches(evt))
            {
                results.Add(
                    new RuleResult(rule.Name, RuleOutcome.NotMatched, null, "its match does not hold for this event")
                );
                continue;
            }
            // A resolve clears whatever the trigger opened, whatever severity the producer gives it.
            if (evt.Action == EventAction.Trigger && evt.Severity < rule.MinSeverity)
            {
                results.Add(
                    new RuleResult(
                        rule.Name,
                        RuleOutcome.BelowMinSeverity,
                        null,
                        $"severity {evt.Severity.ToName()} is below min-severity {rule.MinSeverity.ToName()}"
                    )
                );
                continue;
            }
            results.Add(new RuleResult(rule.Name, RuleOutcome.Matched, MatchOf(rule, evt), ""));
        }
        return new RuleEvaluation(results);
    }

    private static AlertMatch MatchOf(AlertRule rule, InfraEvent evt)
    {
        var dedupKey = rule.DedupKey.Render(evt);
        var summary = SummaryOf(evt, rule);
        return new AlertMatch(
            dedupKey,
            new Occurrence(
                EventId: evt.Id,
                At: evt.Time,
                Action: evt.Action,
                Severity: rule.SeverityOverride ?? evt.Severity,
                Summary: summary,
                Source: evt.Source,
                Type: evt.Type,
                Subject: evt.Subject,
                Tenant: evt.Tenant,
                Rule: rule.Name,
                Providers: rule.Providers,
                Details: evt.Data,
                Policy: rule.Policy,
                ChangeEvent: rule.ChangeEvent,
                Group: GroupOf(rule, evt)
            )
        );
    }

    /// <summary>The group of the alert <paramref name="evt"/> feeds through <paramref name="rule"/> (README
    /// "Grouping"); null when the rule does not group, or sends change events (which have no lifecycle).</summary>
    private static GroupRef? GroupOf(AlertRule rule, InfraEvent evt)
    {
        if (!rule.Group.IsGrouped || rule.ChangeEvent)
            return null;
        var labels = GroupKey.LabelsOf(rule.Group, evt);
        return new GroupRef(
            GroupKey.Format(rule.Name, labels),
            new GroupSettings(rule.Name, [.. labels], rule.Providers, rule.Group, rule.Policy.RepeatInterval)
        );
    }

    /// <summary>
    /// Never blank (providers refuse a blank summary, README "Limits"): the event's summary unless it is absent or
    /// whitespace only, else the rule's summary template, else <see cref="AlertRule.DefaultSummary"/> (whose
    /// <c>{type}</c> is never blank).
    /// </summary>
    public static string SummaryOf(InfraEvent evt, AlertRule rule)
    {
        if (!string.IsNullOrWhiteSpace(evt.Summary))
            return evt.Summary;
        var rendered = rule.Summary.Render(evt);
        return string.IsNullOrWhiteSpace(rendered) ? AlertRule.DefaultSummary.Render(evt) : rendered;
    }
}
