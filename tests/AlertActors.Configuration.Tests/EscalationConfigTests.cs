using AlertActors.Configuration;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using static AlertActors.Configuration.Tests.RuleConfig;

namespace AlertActors.Configuration.Tests;

/// <summary><c>escalation = [ { after, notify { providers, route } } ]</c> in the defaults and in rules (README
/// "Escalation").</summary>
public class EscalationConfigTests
{
    private const string StepKey = "escalation-step-key-0123456789abcdef";

    [Fact]
    public void The_shipped_defaults_escalate_nothing()
    {
        var rule = Assert.Single(Read("alertactors { }").Rules);

        Assert.Empty(rule.Policy.Escalation);
        Assert.Empty(rule.EscalationRoutes);
    }

    [Fact]
    public void A_rules_steps_carry_their_times_and_providers_in_its_policy_and_their_routes_beside_it()
    {
        var rules = ReadRules(
            $$"""
            {
              name = db-down
              escalation = [
                { after = 15m, notify { providers = [pagerduty], route { pagerduty { routing-key = "{{StepKey}}" } } } }
                { after = 1h, notify { providers = [opsgenie, slack], route { opsgenie { responders = ["team:dba"] } } } }
              ]
            }
            """
        );

        var rule = Assert.Single(rules.Rules);
        Assert.Equal(
            [
                new EscalationStep(TimeSpan.FromMinutes(15), [ProviderNames.PagerDuty]),
                new EscalationStep(TimeSpan.FromHours(1), [ProviderNames.OpsGenie, ProviderNames.Slack]),
            ],
            rule.Policy.Escalation.ToArray()
        );
        Assert.Equal(StepKey, rules.EscalationRouteOf("db-down", 1)!.PagerDutyRoutingKey);
        Assert.Equal<string[]>(["team:dba"], rules.EscalationRouteOf("db-down", 2)!.OpsGenieResponders.ToArray());
        Assert.Null(rules.EscalationRouteOf("db-down", 3));
        Assert.DoesNotContain(StepKey, rule.Policy.ToString()); // the journaled policy holds no key
    }

    [Fact]
    public void Escalation_in_the_defaults_applies_to_every_rule_and_a_rule_can_turn_it_off()
    {
        var rules = ReadRules(
            """
            { name = a }
            { name = b, escalation = [] }
            """,
            extra: "defaults.escalation = [ { after = 10m, notify { providers = [pagerduty] } } ]"
        );

        Assert.Equal(TimeSpan.FromMinutes(10), Assert.Single(rules.Rules[0].Policy.Escalation).After);
        Assert.Equal(AlertRoute.Default, rules.EscalationRouteOf("a", 1));
        Assert.Empty(rules.Rules[1].Policy.Escalation);
    }

    [Fact]
    public void Every_mistake_in_an_escalation_is_reported_at_once_and_no_routing_key_is_repeated()
    {
        var problems = Assert
            .Throws<ConfigurationProblemsException>(() =>
                ReadRules(
                    $$"""
                    {
                      name = a
                      escalation = [
                        { after = 15, notify { providers = [pagerduty] } }
                        { after = 30m, notify { providers = [pagerduty, email], route { pagerduty { routing-key = "{{StepKey}}" } } } }
                        { after = 20m, notify { providers = [opsgenie], route { pagerduty { routing-key = "{{StepKey}}" } } } }
                        { after = 1h, notfy { providers = [slack] } }
                        { notify { providers = [] } }
                        "later"
                      ]
                    }
                    """
                )
            )
            .Problems;

        const string at = "alertactors.rules[0] (a).escalation";
        Assert.Collection(
            problems,
            p => Assert.StartsWith($"{at}[0].after: \"15\" has no unit", p),
            p => Assert.StartsWith($"{at}[1].notify.providers: \"email\" is not one of", p),
            p => Assert.StartsWith($"{at}[2].after: 20m is not later than the step before (30m)", p),
            p => Assert.StartsWith($"{at}[2].notify.route.pagerduty: pagerduty is not in this step's providers", p),
            p => Assert.StartsWith($"{at}[3].notfy: unknown key", p),
            p => Assert.StartsWith($"{at}[3].notify: is required", p),
            p => Assert.StartsWith($"{at}[4].after: is required", p),
            p => Assert.StartsWith($"{at}[4].notify.providers: is required", p),
            p => Assert.StartsWith($"{at}[5]: must be an object", p)
        );
        Assert.All(problems, p => Assert.DoesNotContain(StepKey, p));
    }

    [Theory]
    [InlineData("escalation = { after = 1m }", "(a).escalation: must be a list of steps")]
    [InlineData(
        "escalation = [ { after = 0, notify { providers = [slack] } } ]",
        "(a).escalation[0].after: must be more than 0"
    )]
    [InlineData(
        "escalation = [ { after = 5m, notify { providers = [slack] } } ], group.by = [tenant]",
        "(a).escalation: a grouped rule"
    )]
    [InlineData(
        "escalation = [ { after = 5m, notify { providers = [slack], route { mute-during = [night] } } } ]",
        "(a).escalation[0].notify.route.mute-during: unknown key"
    )]
    public void A_wrong_escalation_is_refused_with_its_key(string rule, string expected)
    {
        var error = ErrorOf($"{{ name = a, {rule} }}");

        Assert.Contains($"alertactors.rules[0] {expected}", error);
    }
}
