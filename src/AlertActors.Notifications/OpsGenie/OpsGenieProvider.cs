using System.Net.Http.Headers;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using Microsoft.Extensions.Logging;

namespace AlertActors.Notifications.OpsGenie;

/// <summary>OpsGenie Alert API v2: create, acknowledge and close by alias; responders and tags from the route of the
/// notification's rule in the rule set in force at send time (<paramref name="rules"/>).</summary>
public sealed class OpsGenieProvider(
    HttpClient http,
    OpsGenieOptions options,
    IRuleSetSource rules,
    ILogger<OpsGenieProvider> logger
) : HttpProvider(http, logger, options.AttemptTimeout)
{
    public override string Name => ProviderNames.OpsGenie;

    public override bool IsDryRun(NotificationRequest request) => options.ApiKey.Length == 0;

    protected override HttpRequestMessage BuildRequest(NotificationRequest request)
    {
        var message = new HttpRequestMessage(
            HttpMethod.Post,
            new Uri(options.Endpoint, OpsGeniePayload.PathOf(request))
        )
        {
            Content = PayloadFields.JsonBody(OpsGeniePayload.Build(request, RouteOf(request), options)),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("GenieKey", options.ApiKey);
        return message;
    }

    protected override string DescribeForLog(NotificationRequest request) =>
        $"POST {OpsGeniePayload.PathOf(request)} {OpsGeniePayload.Build(request, RouteOf(request), options).ToJsonString(PayloadJson)}";

    /// <summary>The rule's route, or for an escalation step the step's (its responders and tags; README
    /// "Escalation") when it names one.</summary>
    private AlertRoute RouteOf(NotificationRequest request) =>
        request.EscalationStep is { } step && rules.Current.EscalationRouteOf(request.Rule, step) is { } stepRoute
            ? stepRoute
            : rules.Current.RouteOf(request.Rule);
}
