using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Rules;

/// <summary>The configured rules; matching an event is pure and yields one alert per matching rule.</summary>
public sealed class RuleSet
{
    public const string ImplicitRuleName = "default";

    public RuleSet(IReadOnlyList<AlertRule> rules) => Rules = rules;

    public IReadOnlyList<AlertRule> Rules { get; }

    public IReadOnlyList<AlertMatch> Match(InfraEvent evt)
    {
        var matches = new List<AlertMatch>(1);
        foreach (var rule in Rules)
        {
            if (rule.Match is not null && !rule.Match.Matches(evt)) continue;
            // A resolve clears whatever the trigger opened, whatever severity the producer gives it.
            if (evt.Action == EventAction.Trigger && evt.Severity < rule.MinSeverity) continue;
            var dedupKey = rule.DedupKey.Render(evt);
            var summary = evt.Summary is { Length: > 0 } given ? given : rule.Summary.Render(evt);
            matches.Add(new AlertMatch(dedupKey, new Occurrence(
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
                Policy: rule.Policy)));
        }
        return matches;
    }
}
