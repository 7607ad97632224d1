using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Akka.Configuration;
using AlertActors.Actors.Configuration;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;

namespace AlertActors.Configuration.Tests;

/// <summary>Routing by rule, tenant and severity, and configurable severity/priority maps.</summary>
public class ProviderRoutingTests
{
    private static readonly Config Base =
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(RuleConfig.HoconDirectory, "alertactors.conf")));

    private static AlertActorsSettings Read(string hocon) =>
        SettingsReader.Read(ConfigurationFactory.ParseString(hocon).WithFallback(Base));

    private static NotificationRequest Request(string tenant, Severity severity) =>
        new("k", NotificationAction.Trigger, "s", severity, "src", "t", "subj", tenant, DateTimeOffset.UnixEpoch, null, "r");

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
    public void The_rule_key_wins_then_the_tenant_then_the_severity_then_the_default(string tenant, Severity severity, string? ruleKey, string expected)
    {
        var options = Read(Routing).PagerDuty;
        var route = AlertRoute.Default with { PagerDutyRoutingKey = ruleKey };

        Assert.Equal(expected, PagerDutyProvider.RoutingKeyFor(Request(tenant, severity), route, options));
    }

    [Fact]
    public void Severity_and_priority_maps_override_only_what_they_name()
    {
        var settings = Read(Routing);

        Assert.Equal("critical", (string?)PagerDutyPayload.Build(Request("x", Severity.High), "k", settings.PagerDuty.SeverityMap)["payload"]!["severity"]);
        Assert.Equal("warning", (string?)PagerDutyPayload.Build(Request("x", Severity.Medium), "k", settings.PagerDuty.SeverityMap)["payload"]!["severity"]);
        Assert.Equal("P2", (string?)OpsGeniePayload.Build(Request("x", Severity.Medium), AlertRoute.Default, settings.OpsGenie)["priority"]);
        Assert.Equal("P1", (string?)OpsGeniePayload.Build(Request("x", Severity.Critical), AlertRoute.Default, settings.OpsGenie)["priority"]);
    }

    [Fact]
    public void OpsGenie_responders_join_the_rule_the_tenant_and_the_severity_without_repeats()
    {
        var options = Read(Routing).OpsGenie;
        var route = AlertRoute.Default with { OpsGenieResponders = ["network-team"] };

        var body = OpsGeniePayload.Build(Request("site-a", Severity.Critical), route, options);

        Assert.Equal(["network-team", "site-a-ops", "sre"], body["responders"]!.AsArray().Select(r => (string)r!["name"]!));
        Assert.Null(OpsGeniePayload.Build(Request("site-b", Severity.Low), AlertRoute.Default, options)["responders"]);
    }

    [Theory]
    [InlineData("alertactors.pagerduty.severity-map { high = severe }", "alertactors.pagerduty.severity-map.high: \"severe\" is not one of critical, error, warning, info")]
    [InlineData("alertactors.opsgenie.priority-map { high = P9 }", "alertactors.opsgenie.priority-map.high: \"P9\" is not one of P1, P2, P3, P4, P5")]
    [InlineData("alertactors.pagerduty.routing.by-severity { urgent = k }", "alertactors.pagerduty.routing.by-severity.urgent: not a severity; use one of critical, high, medium, low, info")]
    public void Mistakes_name_the_key(string hocon, string message) =>
        Assert.Equal(message, Assert.ThrowsAny<ConfigurationException>(() => Read(hocon)).Message);
}
