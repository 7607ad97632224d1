using System.Text;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Notifications;
using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;
using AlertActors.Notifications.Slack;
using AlertActors.Notifications.Webhook;
using Microsoft.Extensions.Logging.Abstractions;
using static AlertActors.Notifications.Tests.Build;

namespace AlertActors.Notifications.Tests;

/// <summary>Every provider and webhook call carries a Content-Length (no chunked transfer encoding, which some
/// receivers and HTTP/1.0 proxies refuse).</summary>
public class ContentLengthTests
{
    private static readonly RuleSet NoRules = new([]);

    public static TheoryData<string, NotificationAction> Calls()
    {
        var data = new TheoryData<string, NotificationAction>();
        foreach (
            var provider in new[]
            {
                ProviderNames.PagerDuty,
                ProviderNames.OpsGenie,
                ProviderNames.Webhook,
                ProviderNames.Slack,
            }
        )
        foreach (
            var action in new[]
            {
                NotificationAction.Trigger,
                NotificationAction.Acknowledge,
                NotificationAction.Resolve,
            }
        )
            data.Add(provider, action);
        data.Add(ProviderNames.PagerDuty, NotificationAction.Change);
        return data;
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Every_call_says_how_long_its_body_is(string provider, NotificationAction action)
    {
        var handler = new CapturingHandler(System.Net.HttpStatusCode.Accepted);

        var outcome = await Provider(provider, new HttpClient(handler))
            .SendAsync(Request(action: action, summary: "disk fülł ⚠", by: "alice"), CancellationToken.None);

        Assert.Equal(DeliveryOutcomeKind.Delivered, outcome.Kind);
        Assert.NotNull(handler.ContentLength);
        Assert.Equal(Encoding.UTF8.GetByteCount(handler.Body!), handler.ContentLength);
    }

    private static INotificationProvider Provider(string name, HttpClient http) =>
        name switch
        {
            ProviderNames.PagerDuty => new PagerDutyProvider(
                http,
                DryPagerDuty with
                {
                    RoutingKey = "R0UT1NGKEY",
                },
                NoRules,
                NullLogger<PagerDutyProvider>.Instance
            ),
            ProviderNames.OpsGenie => new OpsGenieProvider(
                http,
                DryOpsGenie with
                {
                    ApiKey = "genie",
                },
                NoRules,
                NullLogger<OpsGenieProvider>.Instance
            ),
            ProviderNames.Webhook => new WebhookProvider(
                http,
                DryWebhook with
                {
                    Url = new Uri("https://hooks.example/x"),
                },
                NullLogger<WebhookProvider>.Instance
            ),
            _ => new SlackProvider(
                http,
                DrySlack with
                {
                    Url = new Uri("https://hooks.slack.com/services/T/B/x"),
                },
                NullLogger<SlackProvider>.Instance
            ),
        };
}
