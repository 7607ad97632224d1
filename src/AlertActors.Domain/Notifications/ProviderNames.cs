namespace AlertActors.Domain.Notifications;

public static class ProviderNames
{
    public const string PagerDuty = "pagerduty";
    public const string OpsGenie = "opsgenie";
    public const string Webhook = "webhook";
    public const string Slack = "slack";
}
