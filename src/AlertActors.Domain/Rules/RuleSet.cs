using System.Globalization;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Groups;
using AlertActors.Domain.TimeIntervals;

namespace AlertActors.Domain.Rules;

/// <summary>The configured rules; matching an event is pure and yields one alert per matching rule. As an
/// <see cref="IRuleSetSource"/> it is a rule set that never changes.</summary>
public sealed partial class RuleSet : IRuleSetSource
{
    public const string ImplicitRuleName = "default";

    private readonly Dictionary<string, AlertRoute> _routes;
    private readonly Dictionary<string, AlertRule> _rulesByName;

    private readonly RuleSet? _fallback;

    public RuleSet(IReadOnlyList<AlertRule> rules)
    {
        Rules = rules;
        _routes = rules.ToDictionary(r => r.Name, r => r.Route, StringComparer.Ordinal);
        _rulesByName = rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
    }

    /// <summary>
    /// <paramref name="rules"/>, and <paramref name="fallback"/> for an event none of them matches (the implicit
    /// rule of a configuration without rules, kept while rules exist only through the API: README "Rules through the
    /// API"). The fallback is not one of <see cref="Rules"/>.
    /// </summary>
    public RuleSet(IReadOnlyList<AlertRule> rules, AlertRule? fallback)
        : this(rules)
    {
        _fallback = fallback is null ? null : new RuleSet([fallback]);
    }

    public IReadOnlyList<AlertRule> Rules { get; }

    /// <summary>The named time intervals (<c>alertactors.time-intervals</c>) that the rules' <c>active-during</c> and
    /// routes' <c>mute-during</c> name (the fallback rule's too).</summary>
    public TimeIntervalSet Intervals
    {
        get;
        init
        {
            field = value;
            if (_fallback is not null)
                _fallback = new RuleSet(_fallback.Rules) { Intervals = value };
        }
    } = TimeIntervalSet.Empty;

    /// <summary>This rule set itself (it never changes).</summary>
    RuleSet IRuleSetSource.Current => this;

    /// <summary>The rule that takes an event no rule of <see cref="Rules"/> matches, if any.</summary>
    public AlertRule? Fallback => _fallback?.Rules[0];

    /// <summary>
    /// The route of the rule a notification came from, as configured now (a delivery recorded before a
    /// configuration change goes where the operator now says). Unknown rules route to the defaults.
    /// </summary>
    public AlertRoute RouteOf(string ruleName) =>
        _routes.TryGetValue(ruleName, out var route) ? route : _fallback?.RouteOf(ruleName) ?? AlertRoute.Default;

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
            if (InactiveReason(rule, evt) is { } inactive)
            {
                results.Add(new RuleResult(rule.Name, RuleOutcome.Inactive, null, inactive));
                continue;
            }
            results.Add(new RuleResult(rule.Name, RuleOutcome.Matched, MatchOf(rule, evt), ""));
        }
        // The fallback takes only what no rule selects: an event a rule matches outside its active-during is not its.
        if (_fallback is not null && results.All(r => r.Outcome is not (RuleOutcome.Matched or RuleOutcome.Inactive)))
            results.AddRange(_fallback.Evaluate(evt).Results);
        return new RuleEvaluation(results);
    }

    /// <summary>
    /// Why <paramref name="rule"/> takes no trigger <paramref name="evt"/> at its <c>time</c> (outside all its
    /// <c>active-during</c> intervals), or null when it is active; a resolve always passes, so an alert opened inside
    /// the window still resolves after it.
    /// </summary>
    private string? InactiveReason(AlertRule rule, InfraEvent evt) =>
        evt.Action == EventAction.Trigger
        && !rule.ActiveDuring.IsEmpty
        && Intervals.FirstContaining(rule.ActiveDuring, evt.Time) is null
            ? $"rule inactive: the event's time {evt.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} is outside its active-during time intervals ({string.Join(", ", rule.ActiveDuring)})"
            : null;

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
