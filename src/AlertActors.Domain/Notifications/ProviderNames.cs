namespace AlertActors.Domain.Notifications;

public static class ProviderNames
{
    public const string PagerDuty = "pagerduty";
    public const string OpsGenie = "opsgenie";
    public const string Webhook = "webhook";
    public const string Slack = "slack";

    /// <summary>Not a page: the rule's remediation endpoint (README "Remediation"), called once per attempt.</summary>
    public const string Remediation = "remediation";

    /// <summary>Not a provider: the alert's group (README "Grouping"). A grouped alert's trigger and resolve go to it
    /// as a join and a leave, and the group notifies the real providers.</summary>
    public const string Group = "group";
}
