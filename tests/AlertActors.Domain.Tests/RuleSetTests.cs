using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using static AlertActors.Domain.Tests.Build;
using static AlertActors.Domain.Tests.ConditionFixture;

namespace AlertActors.Domain.Tests;

public class RuleSetTests
{
    private static AlertRule ImplicitRule(Severity minSeverity = Severity.High) =>
        new(
            RuleSet.ImplicitRuleName,
            null,
            minSeverity,
            new FieldTemplate("{tenant}:{type}:{subject}"),
            AlertRule.DefaultSummary,
            null,
            BothProviders,
            AlertPolicy.Default,
            AlertRoute.Default
        );

    private static readonly RuleSet Implicit = new([ImplicitRule()]);

    [Theory]
    [InlineData(Severity.Info, false)]
    [InlineData(Severity.Low, false)]
    [InlineData(Severity.Medium, false)]
    [InlineData(Severity.High, true)]
    [InlineData(Severity.Critical, true)]
    public void Implicit_rule_alerts_triggers_at_or_above_min_severity(Severity severity, bool alerts)
    {
        var matches = Implicit.Match(Event(severity: severity));

        Assert.Equal(alerts ? 1 : 0, matches.Count);
    }

    [Theory]
    [InlineData(Severity.Info)]
    [InlineData(Severity.Low)]
    [InlineData(Severity.Critical)]
    public void Resolve_is_never_filtered_by_severity(Severity severity)
    {
        var match = Assert.Single(Implicit.Match(Event(severity: severity, action: EventAction.Resolve)));

        Assert.Equal(EventAction.Resolve, match.Occurrence.Action);
        Assert.Equal("acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff", match.DedupKey);
    }

    [Fact]
    public void Evaluate_says_per_rule_why_an_event_feeds_no_alert()
    {
        var picky = ImplicitRule(Severity.Info) with
        {
            Name = "only-dns",
            Match = new Rules.Conditions.AllOfCondition([
                Rules.Conditions.FieldCondition.Create(
                    "type",
                    Rules.Conditions.FieldOperator.Eq,
                    Rules.Conditions.ConditionValue.Of("dns.record.mismatch"),
                    caseSensitive: true
                ),
            ]),
        };
        var rules = new RuleSet([ImplicitRule(), picky]);

        var evaluation = rules.Evaluate(Event(severity: Severity.Low));

        Assert.Empty(evaluation.Matches);
        Assert.True(evaluation.BelowMinSeverity);
        Assert.Equal([RuleOutcome.BelowMinSeverity, RuleOutcome.NotMatched], evaluation.Results.Select(r => r.Outcome));
        Assert.Equal(
            "default: severity low is below min-severity high; only-dns: its match does not hold for this event",
            evaluation.WhyNothingMatched
        );
        Assert.Null(rules.Evaluate(Event(severity: Severity.Critical)).WhyNothingMatched);
        Assert.Equal("no rules are configured", new RuleSet([]).Evaluate(Event()).WhyNothingMatched);
    }

    [Fact]
    public void Trigger_and_resolve_of_the_same_condition_share_a_dedup_key()
    {
        var trigger = Assert.Single(Implicit.Match(Event(id: "t", severity: Severity.Critical)));
        var resolve = Assert.Single(
            Implicit.Match(Event(id: "r", severity: Severity.Info, action: EventAction.Resolve))
        );

        Assert.Equal(trigger.DedupKey, resolve.DedupKey);
    }

    [Fact]
    public void Occurrence_carries_the_event_and_rule()
    {
        var evt = Event(id: "e-9", time: At(5), severity: Severity.Critical, dataJson: """{"mac":"aa"}""");

        var match = Assert.Single(Implicit.Match(evt));
        var o = match.Occurrence;

        Assert.Equal("e-9", o.EventId);
        Assert.Equal(At(5), o.At);
        Assert.Equal(EventAction.Trigger, o.Action);
        Assert.Equal(Severity.Critical, o.Severity);
        Assert.Equal("dhcp-watcher/site-a", o.Source);
        Assert.Equal("dhcp.lease.rogue_mac", o.Type);
        Assert.Equal("aa:bb:cc:dd:ee:ff", o.Subject);
        Assert.Equal("acme", o.Tenant);
        Assert.Equal("default", o.Rule);
        Assert.Equal([ProviderNames.PagerDuty, ProviderNames.OpsGenie], o.Providers.AsEnumerable());
        Assert.Equal("aa", o.Details!.Value.GetProperty("mac").GetString());
    }

    [Fact]
    public void Summary_is_the_events_own_when_given()
    {
        var match = Assert.Single(Implicit.Match(Event(summary: "rogue MAC on site-a")));

        Assert.Equal("rogue MAC on site-a", match.Occurrence.Summary);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Summary_defaults_to_the_rule_template(string? summary)
    {
        var match = Assert.Single(Implicit.Match(Event(summary: summary)));

        Assert.Equal("dhcp.lease.rogue_mac on aa:bb:cc:dd:ee:ff", match.Occurrence.Summary);
    }

    [Theory]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_blank_summary_falls_back_to_the_rules_own_template(string? summary)
    {
        var rule = ImplicitRule() with { Summary = new FieldTemplate("MAC {data.mac} seen") };

        var match = Assert.Single(new RuleSet([rule]).Match(Event(summary: summary, dataJson: """{"mac":"aa:bb"}""")));

        Assert.Equal("MAC aa:bb seen", match.Occurrence.Summary);
    }

    [Theory]
    [InlineData("{data.missing}")]
    [InlineData(" {data.note} ")]
    public void A_rule_template_that_renders_blank_falls_back_to_type_on_subject(string template)
    {
        var rule = ImplicitRule() with { Summary = new FieldTemplate(template) };

        var match = Assert.Single(new RuleSet([rule]).Match(Event(summary: " ", dataJson: """{"note":"  "}""")));

        Assert.Equal("dhcp.lease.rogue_mac on aa:bb:cc:dd:ee:ff", match.Occurrence.Summary);
    }

    [Fact]
    public void Rule_severity_overrides_the_events()
    {
        var rule = ImplicitRule(Severity.Info) with { SeverityOverride = Severity.Critical };

        var match = Assert.Single(new RuleSet([rule]).Match(Event(severity: Severity.Low)));

        Assert.Equal(Severity.Critical, match.Occurrence.Severity);
    }

    [Fact]
    public void Every_matching_rule_yields_its_own_alert_in_rule_order()
    {
        var byMac = new AlertRule(
            "by-mac",
            null,
            Severity.Info,
            new FieldTemplate("mac:{data.mac}"),
            new FieldTemplate("MAC {data.mac} seen"),
            null,
            [ProviderNames.OpsGenie],
            AlertPolicy.Default,
            AlertRoute.Default
        );
        var strict = new AlertRule(
            "critical-only",
            null,
            Severity.Critical,
            new FieldTemplate("{tenant}:{type}:{subject}"),
            AlertRule.DefaultSummary,
            null,
            [ProviderNames.PagerDuty],
            AlertPolicy.Default,
            AlertRoute.Default
        );
        var rules = new RuleSet([ImplicitRule(), byMac, strict]);

        var matches = rules.Match(Event(severity: Severity.High, dataJson: """{"mac":"aa:bb"}"""));

        Assert.Equal(["acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff", "mac:aa:bb"], matches.Select(m => m.DedupKey));
        Assert.Equal(["default", "by-mac"], matches.Select(m => m.Occurrence.Rule));
        Assert.Equal("MAC aa:bb seen", matches[1].Occurrence.Summary);
        Assert.Equal([ProviderNames.OpsGenie], matches[1].Occurrence.Providers.AsEnumerable());
    }

    [Fact]
    public void No_rules_match_nothing()
    {
        Assert.Empty(new RuleSet([]).Match(Event(severity: Severity.Critical)));
    }

    [Fact]
    public void Every_matching_rule_yields_its_own_alert_with_its_own_policy()
    {
        var thresholdPolicy = AlertPolicy.Default with { ThresholdCount = 21 };
        AlertRule Rule(string name, ICondition? match, AlertPolicy policy, string dedupKey) =>
            new(
                name,
                match,
                Severity.Info,
                new FieldTemplate(dedupKey),
                AlertRule.DefaultSummary,
                null,
                BothProviders,
                policy,
                AlertRoute.Default
            );
        var rules = new RuleSet([
            Rule("lease", IsLease, AlertPolicy.Default, "lease:{data.mac}"),
            Rule("acme", IsAcme, thresholdPolicy, "acme:{type}"),
            Rule("dns", IsDns, AlertPolicy.Default, "dns:{data.zone}"),
        ]);

        var matches = rules.Match(Evt);

        Assert.Equal(["lease:AA:BB:CC:DD:EE:FF", "acme:dhcp.lease.rogue_mac"], matches.Select(m => m.DedupKey));
        Assert.Equal(["lease", "acme"], matches.Select(m => m.Occurrence.Rule));
        Assert.Same(thresholdPolicy, matches[1].Occurrence.Policy);
        Assert.Empty(rules.Match(Event(tenant: "other", type: "x")));
    }
}
