using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Rules.Conditions;
using static AlertActors.Configuration.Tests.RuleConfig;

namespace AlertActors.Configuration.Tests;

public class RuleReaderTests
{
    private static readonly AlertPolicy ShippedDefaults = new(
        ThresholdCount: 1,
        ThresholdWindow: TimeSpan.FromMinutes(1),
        Cooldown: TimeSpan.FromMinutes(5),
        MaxPerHour: 12,
        RepeatInterval: TimeSpan.FromHours(4),
        AutoResolveAfter: TimeSpan.FromMinutes(30)
    );

    private static InfraEvent Lease(
        string mac = "de:ad:be:ef:00:01",
        string severity = "info",
        string tenant = "acme"
    ) =>
        Event(
            $$$"""
            {"id":"e1","source":"dhcp-watcher/site-a","type":"dhcp.lease.issued","subject":"{{{mac}}}","severity":"{{{severity}}}",
             "tenant":"{{{tenant}}}","data":{"mac":"{{{mac}}}","ip":"10.0.0.9","zone":"corp.example","count":25}}
            """
        );

    [Fact]
    public void Without_rules_the_implicit_rule_applies_with_the_shipped_defaults()
    {
        var rule = Assert.Single(Read("").Rules);

        Assert.Equal(RuleSet.ImplicitRuleName, rule.Name);
        Assert.Null(rule.Match);
        Assert.Equal(Severity.High, rule.MinSeverity);
        Assert.Equal("{tenant}:{type}:{subject}", rule.DedupKey.Text);
        Assert.Equal("{type} on {subject}", rule.Summary.Text);
        Assert.Null(rule.SeverityOverride);
        Assert.Equal(["pagerduty", "opsgenie"], rule.Providers.AsEnumerable());
        Assert.Equal(ShippedDefaults, rule.Policy);
        Assert.Equal(AlertPolicy.Default, rule.Policy);
        Assert.Same(AlertRoute.Default, rule.Route);
    }

    [Fact]
    public void Defaults_feed_the_implicit_rules_policy()
    {
        var rule = Assert.Single(
            Read(
                """
                alertactors.defaults {
                  min-severity = medium
                  threshold { count = 3, window = 2m }
                  throttle { cooldown = 0s, max-per-hour = 0 }
                  repeat-interval = 0
                  auto-resolve-after = 1h
                  providers = [opsgenie]
                }
                """
            ).Rules
        );

        Assert.Equal(Severity.Medium, rule.MinSeverity);
        Assert.Equal(
            new AlertPolicy(3, TimeSpan.FromMinutes(2), TimeSpan.Zero, 0, TimeSpan.Zero, TimeSpan.FromHours(1)),
            rule.Policy
        );
        Assert.Equal(["opsgenie"], rule.Providers.AsEnumerable());
    }

    [Fact]
    public void Overriding_one_default_key_keeps_the_others()
    {
        var rule = Assert.Single(Read("alertactors.defaults.threshold.count = 5").Rules);

        Assert.Equal(ShippedDefaults with { ThresholdCount = 5 }, rule.Policy);
    }

    [Fact]
    public void Rules_inherit_every_default_they_do_not_override()
    {
        var rules = ReadRules(
            "{ name = plain }",
            extra: """
            defaults {
              min-severity = critical
              dedup-key = "{tenant}:{subject}"
              summary = "{type} seen on {subject}"
              threshold { count = 2, window = 30s }
              throttle { cooldown = 1m, max-per-hour = 6 }
              repeat-interval = 2h
              auto-resolve-after = 0s
              providers = [pagerduty]
            }
            """
        );

        var rule = Assert.Single(rules.Rules);
        Assert.Equal("plain", rule.Name);
        Assert.Null(rule.Match);
        Assert.Equal(Severity.Info, rule.MinSeverity); // min-severity is the implicit rule's only
        Assert.Equal("plain:{tenant}:{subject}", rule.DedupKey.Text); // its own alerts: rule name + the defaults' key
        Assert.Equal("{type} seen on {subject}", rule.Summary.Text);
        Assert.Null(rule.SeverityOverride);
        Assert.Equal(["pagerduty"], rule.Providers.AsEnumerable());
        Assert.Equal(
            new AlertPolicy(
                2,
                TimeSpan.FromSeconds(30),
                TimeSpan.FromMinutes(1),
                6,
                TimeSpan.FromHours(2),
                TimeSpan.Zero
            ),
            rule.Policy
        );
        Assert.Same(AlertRoute.Default, rule.Route);
    }

    [Fact]
    public void With_rules_configured_the_implicit_rule_is_gone_and_rules_keep_their_order()
    {
        var rules = ReadRules("{ name = b }\n{ name = a }\n{ name = c }");

        Assert.Equal(["b", "a", "c"], rules.Rules.Select(r => r.Name));
    }

    [Fact]
    public void A_rule_overrides_every_key()
    {
        var rule = Assert.Single(
            ReadRules(
                """
                {
                  name = everything
                  match { any = [ { field = type, op = eq, value = "dhcp.lease.issued" } ] }
                  min-severity = low
                  severity = critical
                  dedup-key = "lease:{data.mac}"
                  summary = "lease to {data.mac}"
                  threshold { count = 4 }
                  throttle { max-per-hour = 0 }
                  repeat-interval = 15m
                  auto-resolve-after = 1d
                  providers = [opsgenie, pagerduty, opsgenie]
                  route {
                    pagerduty { routing-key = "R0UT1NGKEY" }
                    opsgenie { responders = ["network-team", "noc"], tags = ["dhcp"] }
                  }
                }
                """
            ).Rules
        );

        Assert.IsType<AnyOfCondition>(rule.Match);
        Assert.Equal(Severity.Low, rule.MinSeverity);
        Assert.Equal(Severity.Critical, rule.SeverityOverride);
        Assert.Equal("lease:{data.mac}", rule.DedupKey.Text);
        Assert.Equal("lease to {data.mac}", rule.Summary.Text);
        Assert.Equal(["opsgenie", "pagerduty"], rule.Providers.AsEnumerable());
        Assert.Equal(
            ShippedDefaults with
            {
                ThresholdCount = 4,
                MaxPerHour = 0,
                RepeatInterval = TimeSpan.FromMinutes(15),
                AutoResolveAfter = TimeSpan.FromDays(1),
            },
            rule.Policy
        );
        Assert.Equal("R0UT1NGKEY", rule.Route.PagerDutyRoutingKey);
        Assert.Equal(["network-team", "noc"], rule.Route.OpsGenieResponders.AsEnumerable());
        Assert.Equal(["dhcp"], rule.Route.OpsGenieTags.AsEnumerable());
    }

    [Fact]
    public void A_partial_route_leaves_the_rest_to_the_provider_defaults()
    {
        var rule = Assert.Single(ReadRules("""{ name = r, route { opsgenie { tags = [a] } } }""").Rules);

        Assert.Null(rule.Route.PagerDutyRoutingKey);
        Assert.Empty(rule.Route.OpsGenieResponders);
        Assert.Equal(["a"], rule.Route.OpsGenieTags.AsEnumerable());

        var empty = Assert.Single(ReadRules("""{ name = r, route { pagerduty { routing-key = "" } } }""").Rules);
        Assert.Null(empty.Route.PagerDutyRoutingKey);
    }

    [Fact]
    public void A_rule_can_silence_all_providers()
    {
        Assert.Empty(Assert.Single(ReadRules("{ name = quiet, providers = [] }").Rules).Providers);
    }

    [Fact]
    public void A_rule_without_match_takes_every_event_of_any_severity()
    {
        var rules = ReadRules("{ name = all-events }");

        var match = Assert.Single(rules.Match(Lease(severity: "info")));
        Assert.Equal("all-events:acme:dhcp.lease.issued:de:ad:be:ef:00:01", match.DedupKey);
    }

    [Fact]
    public void Rule_min_severity_filters_triggers()
    {
        var rules = ReadRules("{ name = serious, min-severity = high }");

        Assert.Empty(rules.Match(Lease(severity: "medium")));
        Assert.Single(rules.Match(Lease(severity: "high")));
    }

    [Fact]
    public void Conditions_read_from_hocon_match_events()
    {
        var rules = ReadRules(
            """
            {
              name = r
              match {
                all = [
                  { field = tenant, op = in, value = [acme, globex] }
                  { field = "data.count", op = gt, value = 20 }
                  { field = severity, op = lte, value = medium }
                  {
                    any = [
                      { field = "data.zone", op = regex, value = "^corp\\." }
                      { field = "data.zone", op = contains, value = LAB, case-sensitive = false }
                    ]
                  }
                  { field = "data.user", op = exists, value = false }
                ]
              }
            }
            """
        );

        Assert.Single(rules.Match(Lease()));
        Assert.Empty(rules.Match(Lease(tenant: "initech")));
        Assert.Empty(rules.Match(Lease(severity: "high")));
        Assert.Empty(
            rules.Match(
                Event("""{"id":"x","source":"s","type":"t","tenant":"acme","data":{"count":25,"zone":"dmz.example"}}""")
            )
        );
        Assert.Single(
            rules.Match(
                Event("""{"id":"x","source":"s","type":"t","tenant":"acme","data":{"count":25,"zone":"lab.example"}}""")
            )
        );
        Assert.Empty(
            rules.Match(
                Event(
                    """{"id":"x","source":"s","type":"t","tenant":"acme","data":{"count":25,"zone":"lab.example","user":"bob"}}"""
                )
            )
        );
    }

    [Fact]
    public void Unquoted_data_paths_and_values_read_as_written()
    {
        var rules = ReadRules(
            "{ name = r, match { all = [ { field = data.zone, op = eq, value = corp.example }, { field = data.count, op = gte, value = 25 } ] } }"
        );

        Assert.Single(rules.Match(Lease()));
    }

    [Fact]
    public void A_partial_threshold_keeps_the_inherited_keys()
    {
        var rule = Assert.Single(
            ReadRules(
                "{ name = r\nthreshold { window = 5m }\nthrottle { cooldown = 1m } }",
                extra: "defaults.threshold.count = 3"
            ).Rules
        );

        Assert.Equal(
            ShippedDefaults with
            {
                ThresholdCount = 3,
                ThresholdWindow = TimeSpan.FromMinutes(5),
                Cooldown = TimeSpan.FromMinutes(1),
            },
            rule.Policy
        );
    }

    [Fact]
    public void Named_lists_are_shared_by_rules()
    {
        var rules = ReadRules(
            """
            { name = unknown-mac, match { all = [ { field = "data.mac", op = not-in, list = known-macs, case-sensitive = false } ] } }
            { name = known-mac, match { all = [ { field = subject, op = in, list = known-macs } ] } }
            """,
            extra: """lists { known-macs = ["AA:BB:CC:00:00:01", "de:ad:be:ef:00:01"], empty = [] }"""
        );

        Assert.Equal(["known-mac"], rules.Match(Lease("de:ad:be:ef:00:01")).Select(m => m.Occurrence.Rule));
        Assert.Equal(["known-mac"], rules.Match(Lease("AA:BB:CC:00:00:01")).Select(m => m.Occurrence.Rule));
        Assert.Equal(["unknown-mac"], rules.Match(Lease("aa:bb:cc:00:00:02")).Select(m => m.Occurrence.Rule));
        // case-insensitive on the first rule only
        Assert.Equal([], rules.Match(Lease("aa:bb:cc:00:00:01")).Select(m => m.Occurrence.Rule));
    }

    [Fact]
    public void Every_matching_rule_yields_its_own_alert()
    {
        var rules = ReadRules(
            """
            { name = leases, match { all = [ { field = type, op = eq, value = "dhcp.lease.issued" } ] } }
            { name = per-zone, dedup-key = "zone:{data.zone}", threshold { count = 10 } }
            { name = other, match { all = [ { field = type, op = eq, value = "dns.record.mismatch" } ] } }
            { name = everything, severity = low }
            """
        );

        var matches = rules.Match(Lease());

        Assert.Equal(["leases", "per-zone", "everything"], matches.Select(m => m.Occurrence.Rule));
        Assert.Equal(3, matches.Select(m => m.DedupKey).Distinct().Count());
        Assert.Equal(
            [
                "leases:acme:dhcp.lease.issued:de:ad:be:ef:00:01",
                "zone:corp.example",
                "everything:acme:dhcp.lease.issued:de:ad:be:ef:00:01",
            ],
            matches.Select(m => m.DedupKey)
        );
        Assert.Equal(10, matches[1].Occurrence.Policy.ThresholdCount);
        Assert.Equal(1, matches[0].Occurrence.Policy.ThresholdCount);
        Assert.Equal(Severity.Low, matches[2].Occurrence.Severity);
    }
}
