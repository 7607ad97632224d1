using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Akka.Configuration;
using AlertActors.Configuration;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;

namespace AlertActors.Configuration.Tests;

/// <summary>Routing by rule, tenant and severity, and configurable severity/priority maps.</summary>
public class ProviderRoutingTests
{
    private static readonly Config Base = ConfigurationFactory.ParseString(
        File.ReadAllText(Path.Combine(RuleConfig.HoconDirectory, "alertactors.conf"))
    );

    private static AlertActorsSettings Read(string hocon) =>
        SettingsReader.Read(ConfigurationFactory.ParseString(hocon).WithFallback(Base));

    private static NotificationRequest Request(string tenant, Severity severity) =>
        new(
            "k",
            NotificationAction.Trigger,
            "s",
            severity,
            "src",
            "t",
            "subj",
            tenant,
            DateTimeOffset.UnixEpoch,
            null,
            "r"
        );

    private const string Routing = """
        alertactors {
          pagerduty {
            routing-key = "default-key"
            routing {
              by-tenant { site-a = "tenant-a-key" }
              by-severity { critical = "critical-key" }
            }
            severity-map { high = critical }
          }
          opsgenie {
            priority-map { medium = P2 }
            routing {
              by-tenant { site-a = ["site-a-ops"] }
              by-severity { critical = ["sre", "site-a-ops"] }
            }
          }
        }
        """;

    [Theory]
    [InlineData("site-a", Severity.Critical, null, "tenant-a-key")]
    [InlineData("site-b", Severity.Critical, null, "critical-key")]
    [InlineData("site-b", Severity.High, null, "default-key")]
    [InlineData("site-a", Severity.Critical, "rule-key", "rule-key")]
    public void The_rule_key_wins_then_the_tenant_then_the_severity_then_the_default(
        string tenant,
        Severity severity,
        string? ruleKey,
        string expected
    )
    {
        var routes = new PagerDutyRoutes(Read(Routing).PagerDuty, RulesRoutedTo(ruleKey));

        Assert.Equal(expected, routes.KeyFor(Request(tenant, severity)));
        Assert.Equal(expected, routes.RouteOf(Request(tenant, severity)).Key);
    }

    /// <summary>The rule <c>r</c> the test requests come from, with its own PagerDuty routing key or none.</summary>
    private static RuleSet RulesRoutedTo(string? ruleKey) =>
        new([
            new AlertRule(
                "r",
                null,
                Severity.Info,
                new FieldTemplate("{tenant}:{type}:{subject}"),
                AlertRule.DefaultSummary,
                null,
                [ProviderNames.PagerDuty],
                AlertPolicy.Default,
                AlertRoute.Default with
                {
                    PagerDutyRoutingKey = ruleKey,
                }
            ),
        ]);

    [Theory]
    [InlineData("site-a", Severity.Critical, null, "tenant:site-a", "tenant-a-key")]
    [InlineData("site-b", Severity.Critical, null, "severity:critical", "critical-key")]
    [InlineData("site-b", Severity.High, null, "default", "default-key")]
    [InlineData("site-a", Severity.Critical, "rule-key", "rule:r", "rule-key")]
    public void A_routing_target_names_its_route_and_the_keys_fingerprint_never_the_key(
        string tenant,
        Severity severity,
        string? ruleKey,
        string route,
        string key
    )
    {
        var target = new PagerDutyRoutes(Read(Routing).PagerDuty, RulesRoutedTo(ruleKey)).TargetOf(
            Request(tenant, severity)
        );

        Assert.Equal($"{route}#{PagerDutyRoutes.Fingerprint(key)}", target);
        Assert.DoesNotContain(key, target);
        Assert.Matches("^[0-9a-f]{16}$", PagerDutyRoutes.Fingerprint(key));
    }

    [Fact]
    public void A_call_pinned_to_a_target_goes_to_that_key_whatever_the_route_now_says()
    {
        var routes = new PagerDutyRoutes(Read(Routing).PagerDuty, RulesRoutedTo(null));
        var pinnedToCritical = routes.TargetOf(Request("site-b", Severity.Critical));

        var lowered = Request("site-b", Severity.High) with
        {
            Action = NotificationAction.Resolve,
            Target = pinnedToCritical,
        };

        Assert.Equal("default-key", routes.RouteOf(lowered).Key);
        Assert.Equal("critical-key", routes.KeyFor(lowered));
    }

    [Fact]
    public void A_pinned_key_still_configured_under_another_route_is_still_reached()
    {
        var before = new PagerDutyRoutes(Read(Routing).PagerDuty, RulesRoutedTo("rule-key"));
        var pinned = before.TargetOf(Request("site-b", Severity.High));
        var after = new PagerDutyRoutes(
            Read(Routing.Replace("routing-key = \"default-key\"", "routing-key = \"rule-key\"")).PagerDuty,
            RulesRoutedTo("new-rule-key")
        );

        Assert.Equal("rule-key", after.KeyFor(Request("site-b", Severity.High) with { Target = pinned }));
    }

    [Fact]
    public void A_pinned_key_removed_from_the_configuration_falls_back_to_the_route_now()
    {
        var before = new PagerDutyRoutes(Read(Routing).PagerDuty, RulesRoutedTo("old-rule-key"));
        var pinned = before.TargetOf(Request("site-b", Severity.High));
        var after = new PagerDutyRoutes(Read(Routing).PagerDuty, RulesRoutedTo("new-rule-key"));

        Assert.Null(after.KeyOfTarget(pinned!));
        Assert.Equal("new-rule-key", after.KeyFor(Request("site-b", Severity.High) with { Target = pinned }));
    }

    [Fact]
    public void Dry_run_has_no_target_to_pin()
    {
        var routes = new PagerDutyRoutes(Read("").PagerDuty, RulesRoutedTo(null));

        Assert.Null(routes.TargetOf(Request("site-b", Severity.High)));
        Assert.Equal("", routes.KeyFor(Request("site-b", Severity.High)));
    }

    [Fact]
    public void Severity_and_priority_maps_override_only_what_they_name()
    {
        var settings = Read(Routing);

        Assert.Equal(
            "critical",
            (string?)
                PagerDutyPayload.Build(Request("x", Severity.High), "k", settings.PagerDuty.SeverityMap)["payload"]![
                    "severity"
                ]
        );
        Assert.Equal(
            "warning",
            (string?)
                PagerDutyPayload.Build(Request("x", Severity.Medium), "k", settings.PagerDuty.SeverityMap)["payload"]![
                    "severity"
                ]
        );
        Assert.Equal(
            "P2",
            (string?)
                OpsGeniePayload.Build(Request("x", Severity.Medium), AlertRoute.Default, settings.OpsGenie)["priority"]
        );
        Assert.Equal(
            "P1",
            (string?)
                OpsGeniePayload.Build(Request("x", Severity.Critical), AlertRoute.Default, settings.OpsGenie)[
                    "priority"
                ]
        );
    }

    [Fact]
    public void OpsGenie_responders_join_the_rule_the_tenant_and_the_severity_without_repeats()
    {
        var options = Read(Routing).OpsGenie;
        var route = AlertRoute.Default with { OpsGenieResponders = ["network-team"] };

        var body = OpsGeniePayload.Build(Request("site-a", Severity.Critical), route, options);

        Assert.Equal(
            ["network-team", "site-a-ops", "sre"],
            body["responders"]!.AsArray().Select(r => (string)r!["name"]!)
        );
        Assert.Null(OpsGeniePayload.Build(Request("site-b", Severity.Low), AlertRoute.Default, options)["responders"]);
    }

    [Theory]
    [InlineData(
        "alertactors.pagerduty.severity-map { high = severe }",
        "alertactors.pagerduty.severity-map.high: \"severe\" is not one of critical, error, warning, info"
    )]
    [InlineData(
        "alertactors.opsgenie.priority-map { high = P9 }",
        "alertactors.opsgenie.priority-map.high: \"P9\" is not one of P1, P2, P3, P4, P5"
    )]
    [InlineData(
        "alertactors.pagerduty.routing.by-severity { urgent = k }",
        "alertactors.pagerduty.routing.by-severity.urgent: not a severity; use one of critical, high, medium, low, info"
    )]
    public void Mistakes_name_the_key(string hocon, string message) =>
        Assert.Equal(message, Assert.ThrowsAny<ConfigurationException>(() => Read(hocon)).Message);
}
