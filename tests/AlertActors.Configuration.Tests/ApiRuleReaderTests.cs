using System.Text.Json.Nodes;
using Akka.Configuration;
using AlertActors.Domain.ApiRules;
using AlertActors.Domain.Rules;
using static AlertActors.Configuration.Tests.RuleConfig;

namespace AlertActors.Configuration.Tests;

/// <summary>Rules given as JSON (the rules API) read exactly as <c>alertactors.rules</c> items, and the rule set in
/// force made from the configuration's rules and the stored API rules.</summary>
public class ApiRuleReaderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);

    private const string ConfigRule = """
        { name = dns-burst, match { all = [ { field = type, op = eq, value = "dns.record.mismatch" } ] } }
        """;

    private static ApiRuleReader Reader(string rules, string extra = "")
    {
        var hocon = $"alertactors {{\n{extra}\n{(rules.Length > 0 ? $"rules = [\n{rules}\n]" : "")}\n}}";
        var section = ConfigurationFactory
            .ParseString(hocon)
            .WithFallback(
                ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(HoconDirectory, "alertactors.conf")))
            )
            .GetConfig("alertactors");
        return new ApiRuleReader(section, Read(hocon));
    }

    private static JsonObject Json(string text) => (JsonObject)JsonNode.Parse(text)!;

    private static ApiRuleSet Stored(params string[] definitions) =>
        new(
            [
                .. definitions.Select(
                    (d, i) => new ApiRule(Json(d)["name"]!.ToString(), d, i + 1, "alice", T0.AddMinutes(i))
                ),
            ],
            definitions.Length
        );

    [Fact]
    public void A_json_rule_gets_every_problem_at_once_in_exactly_the_words_check_config_uses_for_the_hocon_rule()
    {
        const string json = """
            {"name":"rogue-mac","match":{"all":[{"field":"data.mac","op":"matches","value":"x"}]},
             "severity":"urgent","treshold":{"count":2},"throttle":{"cooldown":300}}
            """;
        const string hocon = """
            { name = rogue-mac, match { all = [ { field = "data.mac", op = matches, value = x } ] }
              severity = urgent
              treshold { count = 2 }
              throttle { cooldown = 300 } }
            """;
        var checkConfig = new ConfigProblems();
        SettingsReader.Read(
            ConfigurationFactory
                .ParseString($"alertactors {{ rules = [\n{hocon}\n] }}")
                .WithFallback(
                    ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(HoconDirectory, "alertactors.conf")))
                ),
            checkConfig
        );

        var (rules, problems) = Reader("").Read([Json(json)]);

        Assert.Empty(rules);
        Assert.True(problems.Count >= 4, string.Join("\n", problems));
        Assert.Equal(checkConfig.Items, problems);
        Assert.Contains(problems, p => p.StartsWith("alertactors.rules[0] (rogue-mac).match.all[0].op:"));
        Assert.Contains(problems, p => p.StartsWith("alertactors.rules[0] (rogue-mac).treshold: unknown key"));
        Assert.Contains(problems, p => p.StartsWith("alertactors.rules[0] (rogue-mac).throttle.cooldown:"));
    }

    [Fact]
    public void A_json_rule_reads_with_the_configurations_defaults_and_named_lists()
    {
        var reader = Reader("", extra: "lists { known = [\"aa\"] }\ndefaults { repeat-interval = 2h }");
        var (rules, problems) = reader.Read([
            Json("""{"name":"rogue","match":{"all":[{"field":"data.mac","op":"not-in","list":"known"}]}}"""),
        ]);

        Assert.Empty(problems);
        var rule = Assert.Single(rules);
        Assert.Equal(TimeSpan.FromHours(2), rule.Policy.RepeatInterval);
        Assert.Equal("rogue:{tenant}:{type}:{subject}", rule.DedupKey.Text);
        Assert.True(rule.Match!.Matches(Event("""{"id":"1","source":"s","type":"t","data":{"mac":"bb"}}""")));
        Assert.False(rule.Match.Matches(Event("""{"id":"2","source":"s","type":"t","data":{"mac":"aa"}}""")));
    }

    [Fact]
    public void An_api_rule_may_not_hold_a_pagerduty_routing_key()
    {
        var (rules, problems) = Reader("")
            .Read([Json("""{"name":"r","route":{"pagerduty":{"routing-key":"R0UTINGKEY"}}}""")]);

        Assert.Empty(rules);
        SecretRefusal.AssertSingleWithoutSecret(
            problems,
            "alertactors.rules[0] (r).route.pagerduty.routing-key: an API rule cannot hold",
            "R0UTINGKEY"
        );
    }

    [Fact]
    public void An_api_rules_escalation_step_may_not_hold_a_pagerduty_routing_key_either()
    {
        var (rules, problems) = Reader("")
            .Read([
                Json(
                    """{"name":"r","escalation":[{"after":"5m","notify":{"providers":["slack"]}},{"after":"15m","notify":{"providers":["pagerduty"],"route":{"pagerduty":{"routing-key":"STEPKEY"}}}}]}"""
                ),
            ]);

        Assert.Empty(rules);
        SecretRefusal.AssertSingleWithoutSecret(
            problems,
            "alertactors.rules[0] (r).escalation[1].notify.route.pagerduty.routing-key: an API rule cannot hold",
            "STEPKEY"
        );
    }

    [Fact]
    public void Without_api_rules_the_rule_set_in_force_is_the_configurations_own()
    {
        var reader = Reader(ConfigRule);
        Assert.Same(reader.ConfigRules, reader.Effective(ApiRuleSet.Empty).Rules);
        var implicitOnly = Reader("");
        Assert.Same(implicitOnly.ConfigRules, implicitOnly.Effective(ApiRuleSet.Empty).Rules);
    }

    [Fact]
    public void Api_rules_follow_the_configuration_rules_and_the_implicit_rule_is_not_among_them_when_rules_are_configured()
    {
        var reader = Reader(ConfigRule);
        var (rules, problems) = reader.Effective(Stored("""{"name":"disk-full"}"""));

        Assert.Empty(problems);
        Assert.Equal(["dns-burst", "disk-full"], rules.Rules.Select(r => r.Name));
        Assert.Null(rules.Fallback);
    }

    [Fact]
    public void Without_configuration_rules_the_implicit_rule_keeps_alerting_on_what_no_api_rule_matches_and_only_that()
    {
        var reader = Reader("");
        var (rules, _) = reader.Effective(
            Stored("""{"name":"disk-full","match":{"all":[{"field":"type","op":"eq","value":"disk.full"}]}}""")
        );

        var disk = rules.Evaluate(
            Event("""{"id":"1","source":"s","type":"disk.full","subject":"h1","severity":"critical"}""")
        );
        Assert.Equal(["disk-full"], disk.Matches.Select(m => m.Occurrence.Rule));

        var other = rules.Evaluate(
            Event("""{"id":"2","source":"s","type":"dns.down","subject":"ns1","severity":"critical"}""")
        );
        Assert.Equal([RuleSet.ImplicitRuleName], other.Matches.Select(m => m.Occurrence.Rule));
        Assert.Equal("default:dns.down:ns1", other.Matches[0].DedupKey);

        var low = rules.Evaluate(Event("""{"id":"3","source":"s","type":"dns.down","severity":"low"}"""));
        Assert.Empty(low.Matches);
        Assert.True(low.BelowMinSeverity);
    }

    [Fact]
    public void An_api_rule_names_the_configurations_time_intervals_and_is_inactive_outside_them_as_a_config_rule_is()
    {
        // Weekdays 09:00-17:00 UTC; 2026-11-30 is a Monday.
        var reader = Reader(
            "",
            extra: "time-intervals { office { weekdays = [\"monday:friday\"], times = [\"09:00-17:00\"] } }"
        );
        const string rule = """
            {"name":"disk-full","active-during":["office"],"match":{"all":[{"field":"type","op":"eq","value":"disk.full"}]}}
            """;
        Assert.Empty(reader.Read([Json(rule)]).Problems);
        Assert.Contains(
            reader.Read([Json(rule.Replace("office", "ofice", StringComparison.Ordinal))]).Problems,
            p => p.Contains("\"ofice\" is not a time interval", StringComparison.Ordinal)
        );

        var (rules, problems) = reader.Effective(Stored(rule));
        Assert.Empty(problems);
        Assert.Equal(
            ["disk-full"],
            rules
                .Evaluate(
                    Event(
                        """{"id":"1","source":"s","type":"disk.full","subject":"h1","severity":"critical","time":"2026-11-30T10:00:00Z"}"""
                    )
                )
                .Matches.Select(m => m.Occurrence.Rule)
        );
        // At night the API rule is inactive, and the implicit rule (the fallback for what no rule selects) does not
        // take its event either: the rule's window decides.
        var night = rules.Evaluate(
            Event(
                """{"id":"2","source":"s","type":"disk.full","subject":"h1","severity":"critical","time":"2026-11-30T22:00:00Z"}"""
            )
        );
        Assert.Empty(night.Matches);
        Assert.Equal([("disk-full", RuleOutcome.Inactive)], night.Results.Select(r => (r.Rule, r.Outcome)));
    }

    [Fact]
    public void An_api_rules_mute_during_mutes_its_alerts_once_it_is_in_force()
    {
        var reader = Reader("", extra: "time-intervals { night { times = [\"00:00-06:00\"] } }");
        var rules = new MutableRuleSource(reader.ConfigRules);
        var mutes = new AlertActors.Domain.TimeIntervals.RouteTimeMutes(rules);
        var alert = AlertActors.Domain.Alerts.AlertState.Empty("disk-full:h1") with { Rule = "disk-full" };
        var at = new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);
        Assert.Null(mutes.MutedAt(alert, at));

        rules.Current = reader
            .Effective(
                Stored(
                    """{"name":"disk-full","route":{"mute-during":["night"]},"match":{"all":[{"field":"type","op":"eq","value":"disk.full"}]}}"""
                )
            )
            .Rules;

        var mute = mutes.MutedAt(alert, at);
        Assert.Equal("night", mute?.Interval);
    }

    /// <summary>A rule set in force that a test replaces, as the rules API does.</summary>
    private sealed class MutableRuleSource(RuleSet initial) : IRuleSetSource
    {
        public RuleSet Current { get; set; } = initial;
    }

    [Fact]
    public void A_stored_rule_that_no_longer_reads_is_left_out_with_its_problems_and_the_others_apply()
    {
        var reader = Reader(ConfigRule);
        var (rules, problems) = reader.Effective(
            Stored(
                """{"name":"gone-list","match":{"all":[{"field":"data.mac","op":"in","list":"removed"}]}}""",
                """{"name":"fine"}""",
                """{"name":"DNS-burst"}"""
            )
        );

        Assert.Equal(["dns-burst", "fine"], rules.Rules.Select(r => r.Name));
        Assert.Contains("gone-list", problems.Keys);
        Assert.Contains("DNS-burst", problems.Keys);
    }

    [Fact]
    public void A_configuration_rule_shows_as_json_that_reads_back_as_the_same_rule()
    {
        var reader = Reader(
            """
            { name = dns-burst
              match { all = [ { field = type, op = eq, value = "dns.record.mismatch" } ] }
              threshold { count = 21, window = 1m }
              change-event = false }
            """
        );

        var definition = reader.ConfigDefinition("dns-burst")!;
        Assert.Equal(21, definition["threshold"]!["count"]!.GetValue<decimal>());
        Assert.False(definition["change-event"]!.GetValue<bool>());

        var (rules, problems) = Reader("").Read([definition]);
        Assert.Empty(problems);
        Assert.Equal(21, Assert.Single(rules).Policy.ThresholdCount);
        Assert.Null(reader.ConfigDefinition("other"));
    }
}
