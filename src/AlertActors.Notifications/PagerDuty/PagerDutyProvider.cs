using System.Net.Http.Json;
using AlertActors.Domain.Notifications;
using Microsoft.Extensions.Logging;

namespace AlertActors.Notifications.PagerDuty;

/// <summary>PagerDuty Events API v2: <c>POST {endpoint}/v2/enqueue</c>.</summary>
public sealed class PagerDutyProvider(HttpClient http, PagerDutyOptions options, ILogger<PagerDutyProvider> logger)
    : HttpProvider(http, logger, options.AttemptTimeout)
{
    private const string RedactedKey = "***";

    public override string Name => ProviderNames.PagerDuty;

    public override bool DryRun => options.RoutingKey.Length == 0;

    protected override HttpRequestMessage BuildRequest(NotificationRequest request) =>
        new(HttpMethod.Post, new Uri(options.Endpoint, "v2/enqueue"))
        {
            Content = JsonContent.Create(PagerDutyPayload.Build(request, options.RoutingKey), options: PayloadJson),
        };

    protected override string DescribeForLog(NotificationRequest request) =>
        PagerDutyPayload.Build(request, RedactedKey).ToJsonString(PayloadJson);
}
