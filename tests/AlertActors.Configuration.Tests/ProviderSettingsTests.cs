using System.Collections;
using Akka.Configuration;
using AlertActors.Configuration;
using AlertActors.Domain.Notifications;

namespace AlertActors.Configuration.Tests;

/// <summary>Settings for provider webhooks, the OpsGenie heartbeat and the webhook and Slack providers.</summary>
public class ProviderSettingsTests
{
    private static readonly Config Base = ConfigurationFactory.ParseString(
        File.ReadAllText(Path.Combine(RuleConfig.HoconDirectory, "alertactors.conf"))
    );

    private static AlertActorsSettings Read(string hocon) =>
        SettingsReader.Read(ConfigurationFactory.ParseString(hocon).WithFallback(Base));

    [Fact]
    public void Defaults_leave_everything_off()
    {
        var settings = Read("");

        Assert.Equal("", settings.PagerDuty.WebhookSecret);
        Assert.Equal("", settings.OpsGenie.WebhookToken);
        Assert.Equal("", settings.OpsGenie.HeartbeatName);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.OpsGenie.HeartbeatInterval);
        Assert.False(settings.OpsGenie.HeartbeatEnabled);
        Assert.Null(settings.Webhook.Url);
        Assert.Empty(settings.Webhook.Headers);
        Assert.Null(settings.Slack.Url);
    }

    [Fact]
    public void Every_key_is_read()
    {
        var settings = Read(
            """
            alertactors {
              pagerduty.webhook-secret = "pd-secret"
              opsgenie { api-key = "k", webhook-token = "og-token", heartbeat { name = "alertactors-prod", interval = 30s } }
              webhook { url = "https://hooks.example.org/in?token=abc", headers { Authorization = "Bearer x", X-Team = netops } }
              slack.url = "https://hooks.slack.com/services/T0/B0/secret"
            }
            """
        );

        Assert.Equal("pd-secret", settings.PagerDuty.WebhookSecret);
        Assert.Equal("og-token", settings.OpsGenie.WebhookToken);
        Assert.Equal("alertactors-prod", settings.OpsGenie.HeartbeatName);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.OpsGenie.HeartbeatInterval);
        Assert.True(settings.OpsGenie.HeartbeatEnabled);
        Assert.Equal("https://hooks.example.org/in?token=abc", settings.Webhook.Url!.ToString());
        Assert.Equal("Bearer x", settings.Webhook.Headers["Authorization"]);
        Assert.Equal("netops", settings.Webhook.Headers["X-Team"]);
        Assert.Equal("https://hooks.slack.com/services/T0/B0/secret", settings.Slack.Url!.ToString());
    }

    [Fact]
    public void A_heartbeat_without_an_api_key_is_off()
    {
        Assert.False(Read("alertactors.opsgenie.heartbeat.name = hb").OpsGenie.HeartbeatEnabled);
    }

    [Fact]
    public void Secrets_never_appear_in_ToString_or_errors()
    {
        var settings = Read(
            """
            alertactors {
              pagerduty.webhook-secret = "pd-secret"
              opsgenie.webhook-token = "og-token"
              webhook { url = "https://hooks.example.org/in/hook-secret", headers { Authorization = "Bearer header-secret" } }
              slack.url = "https://hooks.slack.com/services/T0/B0/slack-secret"
            }
            """
        );
        var text = string.Join(" ", settings.PagerDuty, settings.OpsGenie, settings.Webhook, settings.Slack);
        foreach (var secret in new[] { "pd-secret", "og-token", "hook-secret", "header-secret", "slack-secret" })
            Assert.DoesNotContain(secret, text);

        var error = Assert
            .ThrowsAny<ConfigurationException>(() =>
                Read("alertactors.slack.url = \"hooks.slack.com/services/slack-secret\"")
            )
            .Message;
        Assert.Equal("alertactors.slack.url: is not an http(s) URL (value not shown: it may hold a secret)", error);
    }

    [Fact]
    public void Heartbeat_interval_must_be_positive()
    {
        Assert.ThrowsAny<ConfigurationException>(() => Read("alertactors.opsgenie.heartbeat.interval = 0s"));
    }

    [Fact]
    public void Rules_may_name_webhook_and_slack()
    {
        var rules = RuleConfig.ReadRules("{ name = chat, providers = [webhook, slack] }");

        Assert.Equal([ProviderNames.Webhook, ProviderNames.Slack], rules.Rules.Single().Providers.ToArray());
        Assert.Equal(
            [ProviderNames.Slack],
            RuleConfig.Read("alertactors.defaults.providers = [slack]").Rules.Single().Providers.ToArray()
        );
        Assert.Equal(
            "alertactors.rules[0] (r).providers: \"teams\" is not one of pagerduty, opsgenie, webhook, slack",
            RuleConfig.ErrorOf("{ name = r, providers = [teams] }")
        );
    }

    [Fact]
    public void Environment_variables_set_the_new_secrets()
    {
        var config = ConfigLoader.Load(
            RuleConfig.HoconDirectory,
            null,
            new Hashtable
            {
                ["PAGERDUTY_WEBHOOK_SECRET"] = "pd-env",
                ["OPSGENIE_WEBHOOK_TOKEN"] = "og-env",
                ["ALERTACTORS_WEBHOOK_URL"] = "https://hooks.example.org/env",
                ["SLACK_WEBHOOK_URL"] = "https://hooks.slack.com/services/env",
            }
        );
        var settings = SettingsReader.Read(config);

        Assert.Equal("pd-env", settings.PagerDuty.WebhookSecret);
        Assert.Equal("og-env", settings.OpsGenie.WebhookToken);
        Assert.Equal("https://hooks.example.org/env", settings.Webhook.Url!.ToString());
        Assert.Equal("https://hooks.slack.com/services/env", settings.Slack.Url!.ToString());
    }
}
