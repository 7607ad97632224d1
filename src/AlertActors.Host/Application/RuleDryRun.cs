using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Actors.ApiRules;
using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;
using AlertActors.Host.Api;
using AlertActors.Ingest;

namespace AlertActors.Host.Application;

/// <summary>
/// <c>POST /api/v1/rules/test</c>: which rules each sample event matches, with the dedup key and summary each renders,
/// or why none matched; nothing is recorded (amtool's <c>routes test</c>, for rules). With <c>rules</c> the events
/// meet exactly those rules (read as API rules, with the node's defaults and lists); without, the rule set in force.
/// </summary>
public sealed class RuleDryRun(CurrentRules current, CallerRules rules, TimeProvider time)
{
    private static readonly string[] BodyKeys = ["rules", "events"];

    /// <summary>The answer, or why there is none.</summary>
    public abstract record Outcome
    {
        public sealed record Tested(RuleTestJson Answer) : Outcome;

        /// <summary>The body, its rules or its events are not valid: every problem.</summary>
        public sealed record Invalid(IReadOnlyList<string> Problems) : Outcome;

        /// <summary>A scoped caller's events of other tenants: one problem each.</summary>
        public sealed record OutOfScope(ApiCaller Caller, IReadOnlyList<string> Problems) : Outcome;
    }

    public Outcome Test(ReadOnlyMemory<byte> body, ApiCaller? caller)
    {
        if (CallerRules.ParseObject(body, out var error) is not { } request)
            return new Outcome.Invalid([error.Replace("a rule's keys", "{\"rules\":[...], \"events\":[...]}")]);
        var problems = new List<string>();
        problems.AddRange(
            request
                .Select(p => p.Key)
                .Where(k => !BodyKeys.Contains(k))
                .Select(k => $"{k}: unknown key (rules or events)")
        );

        RuleSet? given = null;
        var definitions = new Dictionary<string, JsonObject>(StringComparer.OrdinalIgnoreCase);
        if (request["rules"] is { } rulesNode)
        {
            if (rulesNode is not JsonArray array || array.Any(r => r is not JsonObject))
                problems.Add("rules: must be a list of rules (objects with a rule's keys)");
            else
            {
                var objects = array.Cast<JsonObject>().ToList();
                var (read, ruleProblems) = current.Reader.Read(objects);
                problems.AddRange(ruleProblems);
                given = new RuleSet(read) { Intervals = current.Reader.ConfigRules.Intervals };
                foreach (var rule in objects)
                    definitions.TryAdd(rule["name"]?.ToString() ?? "", rule);
            }
        }

        var parsed = request["events"] is { } eventsNode
            ? InfraEventParser.ParseBatch(Encoding.UTF8.GetBytes(eventsNode.ToJsonString()), time.GetUtcNow())
            : ParsedEvents.Invalid("is required: one event or a list of events (CloudEvents, as POST /api/v1/events)");
        problems.AddRange(parsed.Problems.Select(p => $"events{(p.StartsWith('[') ? "" : ": ")}{p}"));
        if (problems.Count > 0)
            return new Outcome.Invalid(problems);
        if (TenantScope.EventsOutOfScope(caller, parsed.Events) is { Count: > 0 } foreign)
            return new Outcome.OutOfScope(caller!, foreign);

        var ruleSet = given ?? current.Current;
        var visible = given is null ? rules.DefinitionsInForce() : definitions;
        return new Outcome.Tested(
            new RuleTestJson([.. parsed.Events.Select(e => ResultOf(e, ruleSet.Evaluate(e), caller, visible))])
        );
    }

    /// <summary>One event's verdicts; a scoped caller is not told about rules it may not see that did not match (a
    /// rule that matched its own tenant's event is named, as its alerts name it).</summary>
    private static RuleTestResultJson ResultOf(
        InfraEvent evt,
        RuleEvaluation evaluation,
        ApiCaller? caller,
        IReadOnlyDictionary<string, JsonObject> definitions
    )
    {
        var verdicts = evaluation
            .Results.Where(r =>
                r.Match is not null
                || caller is not { IsScoped: true }
                || RuleTenants.Allows(caller, definitions.GetValueOrDefault(r.Rule))
            )
            .ToList();
        var nothing = evaluation.Matches.Count == 0 ? IngestResult.NothingMatched(evt.Id, evaluation) : null;
        return new RuleTestResultJson(
            evt.Id,
            nothing?.OutcomeName ?? "matched",
            [
                .. evaluation.Matches.Select(m => new RuleTestMatchJson(
                    m.Occurrence.Rule,
                    m.DedupKey,
                    m.Occurrence.Summary,
                    m.Occurrence.Severity.ToName(),
                    m.Occurrence.Providers,
                    m.Occurrence.Group?.Key
                )),
            ],
            [
                .. verdicts
                    .Where(v => v.Match is null)
                    .Select(v => new RuleTestMissJson(
                        v.Rule,
                        v.Outcome switch
                        {
                            RuleOutcome.BelowMinSeverity => "below_min_severity",
                            RuleOutcome.Inactive => "rule_inactive",
                            _ => "not_matched",
                        },
                        v.Reason
                    )),
            ],
            nothing is null ? null
                : caller is { IsScoped: true } ? string.Join("; ", verdicts.Select(v => $"{v.Rule}: {v.Reason}"))
                : nothing.Reason
        );
    }
}

/// <summary>The dry run's answer: one result per event, in the order given.</summary>
public sealed record RuleTestJson(IReadOnlyList<RuleTestResultJson> Results);

/// <param name="Event">The event's id.</param>
/// <param name="Outcome"><c>matched</c> (it would feed the alerts in <paramref name="Matches"/>),
/// <c>no_rule_matched</c>, <c>below_min_severity</c> or <c>rule_inactive</c> (as <c>POST /api/v1/events</c>
/// says).</param>
/// <param name="NotMatched">Each rule that does not take the event, and why.</param>
/// <param name="Reason">When nothing matched: each rule's reason, <c>rule: reason</c> joined by "; ".</param>
public sealed record RuleTestResultJson(
    string Event,
    string Outcome,
    IReadOnlyList<RuleTestMatchJson> Matches,
    IReadOnlyList<RuleTestMissJson> NotMatched,
    string? Reason
);

/// <summary>An alert the event would feed: the rule, the dedup key and summary it renders, the alert's severity and
/// providers, and its group key when the rule groups.</summary>
public sealed record RuleTestMatchJson(
    string Rule,
    string DedupKey,
    string Summary,
    string Severity,
    IReadOnlyList<string> Providers,
    string? Group
);

/// <param name="Outcome"><c>not_matched</c> (its match does not hold), <c>below_min_severity</c> or
/// <c>rule_inactive</c> (it matches, but the event's time is outside its <c>active-during</c>).</param>
public sealed record RuleTestMissJson(string Rule, string Outcome, string Reason);
