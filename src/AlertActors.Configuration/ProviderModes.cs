using AlertActors.Domain.Notifications;

namespace AlertActors.Configuration;

/// <summary>
/// Whether a provider delivers or is in dry-run (deliveries recorded and logged, nothing sent), and why, so a node that
/// pages nobody says so: in the start-up log, <c>GET /api/v1/info</c> and <c>GET /readyz</c>.
/// </summary>
/// <param name="Provider">pagerduty, opsgenie, webhook or slack.</param>
/// <param name="Mode"><c>delivering</c>; <c>dry-run</c>; or <c>partial</c> (PagerDuty: some rules, tenants or
/// severities have a routing key, the rest are dry-run).</param>
/// <param name="Reason">For people: what is configured and what to set; never a key's value.</param>
public sealed record ProviderMode(string Provider, string Mode, string Reason)
{
    public const string Delivering = "delivering";
    public const string DryRun = "dry-run";
    public const string Partial = "partial";

    /// <summary>Some or all of its deliveries are only recorded.</summary>
    public bool IsDryRun => Mode != Delivering;

    /// <summary>Every provider's mode under <paramref name="settings"/>.</summary>
    public static IReadOnlyList<ProviderMode> Of(AlertActorsSettings settings)
    {
        var pagerDuty = settings.PagerDuty;
        var ownKeys =
            settings.Rules.Rules.Count(r => r.Route.PagerDutyRoutingKey is { Length: > 0 })
            + pagerDuty.RoutingKeysByTenant.Count
            + pagerDuty.RoutingKeysBySeverity.Count;
        return
        [
            pagerDuty.RoutingKey.Length > 0
                ? new(ProviderNames.PagerDuty, Delivering, $"routing key set; sending to {pagerDuty.Endpoint}")
            : ownKeys > 0
                ? new(
                    ProviderNames.PagerDuty,
                    Partial,
                    $"{ownKeys} rule route(s), tenant(s) or severity(ies) have a routing key; alerts without one are dry-run (alertactors.pagerduty.routing-key / PAGERDUTY_ROUTING_KEY is empty)"
                )
            : new(
                ProviderNames.PagerDuty,
                DryRun,
                "no routing key: set alertactors.pagerduty.routing-key or PAGERDUTY_ROUTING_KEY"
            ),
            settings.OpsGenie.ApiKey.Length > 0
                ? new(ProviderNames.OpsGenie, Delivering, $"API key set; sending to {settings.OpsGenie.Endpoint}")
                : new(
                    ProviderNames.OpsGenie,
                    DryRun,
                    "no API key: set alertactors.opsgenie.api-key or OPSGENIE_API_KEY"
                ),
            settings.Webhook.Url is not null
                ? new(ProviderNames.Webhook, Delivering, "url set")
                : new(ProviderNames.Webhook, DryRun, "no url: set alertactors.webhook.url or ALERTACTORS_WEBHOOK_URL"),
            settings.Slack.Url is not null
                ? new(ProviderNames.Slack, Delivering, "url set")
                : new(ProviderNames.Slack, DryRun, "no url: set alertactors.slack.url or SLACK_WEBHOOK_URL"),
        ];
    }
}
