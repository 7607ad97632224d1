using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using Microsoft.Extensions.Logging;

namespace AlertActors.Notifications.PagerDuty;

/// <summary>PagerDuty Events API v2: <c>POST {endpoint}/v2/enqueue</c>.</summary>
public sealed class PagerDutyProvider(HttpClient http, PagerDutyOptions options, RuleSet rules, ILogger<PagerDutyProvider> logger)
    : HttpProvider(http, logger, options.AttemptTimeout), IRoutingKeyResolver
{
    private const string RedactedKey = "***";

    public override string Name => ProviderNames.PagerDuty;

    public override bool IsDryRun(NotificationRequest request) => RoutingKeyFor(request).Length == 0;

    protected override HttpRequestMessage BuildRequest(NotificationRequest request) =>
        new(HttpMethod.Post, new Uri(options.Endpoint, PagerDutyPayload.PathOf(request)))
        {
            Content = PayloadFields.JsonBody(PagerDutyPayload.Build(request, RoutingKeyFor(request), options.SeverityMap)),
        };

    /// <summary>The rule's routing key if it has one, else the configured default.</summary>
    public string RoutingKeyFor(NotificationRequest request) =>
        RoutingKeyFor(request, rules.RouteOf(request.Rule), options);

    /// <summary>The rule's key, else the tenant's, else the severity's, else the default (empty = dry-run).</summary>
    public static string RoutingKeyFor(NotificationRequest request, AlertRoute route, PagerDutyOptions options) =>
        route.PagerDutyRoutingKey is { Length: > 0 } ruleKey ? ruleKey
        : options.RoutingKeysByTenant.GetValueOrDefault(request.Tenant) is { Length: > 0 } tenantKey ? tenantKey
        : options.RoutingKeysBySeverity.GetValueOrDefault(request.Severity) is { Length: > 0 } severityKey ? severityKey
        : options.RoutingKey;

    protected override string DescribeForLog(NotificationRequest request) =>
        PagerDutyPayload.Build(request, RedactedKey, options.SeverityMap).ToJsonString(PayloadJson);
}
