using System.Data.Common;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace AlertActors.Configuration;

/// <summary>
/// Every secret the configuration holds, for <see cref="AlertActors.Notifications.SecretRedactor"/>: PagerDuty routing
/// keys (default, <c>routing.by-tenant</c>, <c>routing.by-severity</c>, each rule's <c>route.pagerduty.routing-key</c>
/// and its escalation steps'), the OpsGenie API key, the webhook and Slack URLs and the webhook's header values, the
/// API tokens (<c>http.api-token</c>,
/// <c>http.tokens[].token</c>), the PagerDuty webhook secret and OpsGenie webhook token, Kafka client properties named
/// <c>*password*</c> or <c>*secret*</c>, the database connection string's password, the remediation signing secret
/// and each rule's remediation webhook URL.
/// </summary>
public static class ConfiguredSecrets
{
    /// <summary>Webhook headers whose values describe the body, not who sends it.</summary>
    private static readonly HashSet<string> PlainHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Type",
        "Accept",
        "User-Agent",
    };

    /// <param name="root">The <c>alertactors { }</c> section (API tokens are read from it as they are written).</param>
    /// <param name="settings">The settings read from <paramref name="root"/>.</param>
    public static IReadOnlyList<string> Of(Config root, AlertActorsSettings settings)
    {
        var secrets = new List<string>
        {
            settings.PagerDuty.RoutingKey,
            settings.PagerDuty.WebhookSecret,
            settings.OpsGenie.ApiKey,
            settings.OpsGenie.WebhookToken,
            settings.ApiToken,
        };
        secrets.AddRange(settings.PagerDuty.RoutingKeysByTenant.Values);
        secrets.AddRange(settings.PagerDuty.RoutingKeysBySeverity.Values);
        secrets.AddRange(settings.Rules.Rules.Select(r => r.Route.PagerDutyRoutingKey ?? ""));
        secrets.AddRange(
            settings.Rules.Rules.SelectMany(r => r.EscalationRoutes).Select(r => r.PagerDutyRoutingKey ?? "")
        );
        if (settings.Webhook.Url is { } webhook)
            secrets.Add(webhook.OriginalString);
        secrets.AddRange(settings.Webhook.Headers.Where(h => !PlainHeaders.Contains(h.Key)).Select(h => h.Value));
        if (settings.Slack.Url is { } slack)
            secrets.Add(slack.OriginalString);
        secrets.AddRange(
            settings
                .Kafka.ClientProperties.Where(p =>
                    p.Key.Contains("password", StringComparison.OrdinalIgnoreCase)
                    || p.Key.Contains("secret", StringComparison.OrdinalIgnoreCase)
                )
                .Select(p => p.Value)
        );
        secrets.AddRange(ApiTokensOf(root));
        secrets.Add(RemediationSettingsReader.SecretOf(root));
        secrets.AddRange(settings.Rules.Rules.Select(r => r.RemediationWebhook?.OriginalString ?? ""));
        secrets.Add(DatabasePasswordOf(settings.Persistence.ConnectionString));
        return [.. secrets.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The <c>token</c> of each <c>http.tokens</c> entry (their checks and errors belong to the API's token
    /// reader).</summary>
    private static IEnumerable<string> ApiTokensOf(Config root)
    {
        if (!root.HasPath("http.tokens") || root.GetValue("http.tokens") is not { } value || !value.IsArray())
            return [];
        return value.GetArray().Where(item => item.IsObject()).Select(item => item.ToConfig().GetString("token", ""));
    }

    private static string DatabasePasswordOf(string connectionString)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var key in new[] { "Password", "Pwd" })
                if (builder.TryGetValue(key, out var password) && password is string text)
                    return text;
        }
        catch (ArgumentException)
        {
            // Not a key=value list: the journal plugin reports it; there is no password to find in it.
        }
        return "";
    }
}
