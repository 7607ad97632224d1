using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using Microsoft.Extensions.Logging;

namespace AlertActors.Notifications.PagerDuty;

/// <summary>PagerDuty Events API v2: <c>POST {endpoint}/v2/enqueue</c>, to the routing key
/// <see cref="PagerDutyRoutes"/> picks.</summary>
public sealed class PagerDutyProvider(
    HttpClient http,
    PagerDutyOptions options,
    IRuleSetSource rules,
    ILogger<PagerDutyProvider> logger
) : HttpProvider(http, logger, options.AttemptTimeout), IRoutingKeyResolver, IRoutingTargetResolver
{
    private const string RedactedKey = "***";
    private readonly PagerDutyRoutes _routes = new(options, rules);

    public override string Name => ProviderNames.PagerDuty;

    public override bool IsDryRun(NotificationRequest request) => RoutingKeyFor(request).Length == 0;

    protected override HttpRequestMessage BuildRequest(NotificationRequest request)
    {
        if (request.Target is { } target && _routes.KeyOfTarget(target) is null)
            logger.LogWarning(
                "PagerDuty routing target {Target} of {DedupKey} is no longer configured; {Action} goes to its route now",
                target,
                request.DedupKey,
                request.Action.ToString().ToLowerInvariant()
            );
        return new HttpRequestMessage(HttpMethod.Post, new Uri(options.Endpoint, PagerDutyPayload.PathOf(request)))
        {
            Content = PayloadFields.JsonBody(
                PagerDutyPayload.Build(request, RoutingKeyFor(request), options.SeverityMap)
            ),
        };
    }

    /// <summary>The request's pinned routing target's key while it is configured, else the route's key now
    /// (<see cref="PagerDutyRoutes"/>).</summary>
    public string RoutingKeyFor(NotificationRequest request) => _routes.KeyFor(request);

    /// <inheritdoc cref="PagerDutyRoutes.TargetOf"/>
    public string? TargetOf(NotificationRequest request) => _routes.TargetOf(request);

    protected override string DescribeForLog(NotificationRequest request) =>
        PagerDutyPayload.Build(request, RedactedKey, options.SeverityMap).ToJsonString(PayloadJson);
}
