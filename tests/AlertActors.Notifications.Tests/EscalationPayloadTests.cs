using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;
using AlertActors.Notifications.Webhook;
using Microsoft.Extensions.Logging.Abstractions;
using static AlertActors.Notifications.Tests.Build;

namespace AlertActors.Notifications.Tests;

/// <summary>An escalation step's calls (README "Escalation"): an incident of their own at the step's route.</summary>
public class EscalationPayloadTests
{
    private const string DefaultKey = "default-routing-key-000000000000";
    private const string StepKey = "escalation-step-key-0123456789abcdef";

    private static readonly RuleSet Rules = new([
        new AlertRule(
            "default",
            Match: null,
            Severity.Info,
            new FieldTemplate("{type}"),
            AlertRule.DefaultSummary,
            SeverityOverride: null,
            [ProviderNames.PagerDuty, ProviderNames.OpsGenie],
            AlertPolicy.Default,
            AlertRoute.Default
        )
        {
            EscalationRoutes =
            [
                new AlertRoute(StepKey, [], []),
                new AlertRoute(null, ["team:dba", "user:carol@example.org"], ["escalated"]),
            ],
        },
    ]);

    private static NotificationRequest Step(int step, NotificationAction action = NotificationAction.Trigger) =>
        Request(action: action) with
        {
            EscalationStep = step,
        };

    [Fact]
    public async Task A_pagerduty_step_goes_to_its_routing_key_under_a_dedup_key_of_its_own()
    {
        var handler = new CapturingHandler(System.Net.HttpStatusCode.Accepted);
        var provider = new PagerDutyProvider(
            new HttpClient(handler),
            DryPagerDuty with
            {
                RoutingKey = DefaultKey,
            },
            Rules,
            NullLogger<PagerDutyProvider>.Instance
        );

        await provider.SendAsync(Step(1), CancellationToken.None);

        var body = JsonNode.Parse(handler.Body!)!;
        Assert.Equal(StepKey, body["routing_key"]!.GetValue<string>());
        Assert.Equal(Request().DedupKey + "/escalation-1", body["dedup_key"]!.GetValue<string>());
        Assert.Equal("[escalation 1] rogue MAC on site-a", body["payload"]!["summary"]!.GetValue<string>());
        Assert.StartsWith("rule:default/escalation-1#", provider.TargetOf(Step(1)));
        Assert.DoesNotContain(StepKey, provider.TargetOf(Step(1)));
        Assert.Equal(
            StepKey,
            provider.RoutingKeyFor(Step(1, NotificationAction.Resolve) with { Target = provider.TargetOf(Step(1)) })
        );
    }

    [Fact]
    public void A_step_without_a_pagerduty_route_goes_where_the_rules_alerts_go_but_stays_an_incident_of_its_own()
    {
        var routes = new PagerDutyRoutes(DryPagerDuty with { RoutingKey = DefaultKey }, Rules);

        Assert.Equal(DefaultKey, routes.KeyFor(Step(2)));
        Assert.Equal(
            Request().DedupKey + "/escalation-2",
            PagerDutyPayload.Build(Step(2), DefaultKey)["dedup_key"]!.GetValue<string>()
        );
    }

    [Fact]
    public async Task An_opsgenie_step_has_an_alias_of_its_own_and_its_responders_and_is_closed_by_that_alias()
    {
        var handler = new CapturingHandler(System.Net.HttpStatusCode.Accepted);
        var provider = new OpsGenieProvider(
            new HttpClient(handler),
            DryOpsGenie with
            {
                ApiKey = "genie",
            },
            Rules,
            NullLogger<OpsGenieProvider>.Instance
        );

        await provider.SendAsync(Step(2), CancellationToken.None);

        var body = JsonNode.Parse(handler.Body!)!;
        Assert.Equal(Request().DedupKey + "/escalation-2", body["alias"]!.GetValue<string>());
        AssertJson(
            """[{"name":"dba","type":"team"},{"username":"carol@example.org","type":"user"}]""",
            body["responders"]!
        );
        Assert.Contains("escalated", body["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(
            $"v2/alerts/{Uri.EscapeDataString(Request().DedupKey + "/escalation-2")}/close?identifierType=alias",
            OpsGeniePayload.PathOf(Step(2, NotificationAction.Resolve))
        );
    }

    [Fact]
    public void The_webhook_says_which_step_a_call_is_about()
    {
        Assert.Equal(1, WebhookPayload.Build(Step(1))["escalation_step"]!.GetValue<int>());
        // Its summary says so too, as PagerDuty's, OpsGenie's and Slack's do.
        Assert.Equal(
            "[escalation 1] rogue MAC on site-a",
            WebhookPayload.Build(Step(1))["summary"]!.GetValue<string>()
        );
        Assert.Null(WebhookPayload.Build(Request())["escalation_step"]);
    }
}
