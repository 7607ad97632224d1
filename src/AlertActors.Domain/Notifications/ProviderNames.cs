namespace AlertActors.Domain.Notifications;

public static class ProviderNames
{
    public const string PagerDuty = "pagerduty";
    public const string OpsGenie = "opsgenie";
}
