using System.Text;
using AlertActors.Domain.Notifications;
using Microsoft.Extensions.Logging;

namespace AlertActors.Notifications.Slack;

/// <summary>Slack incoming webhook: <c>POST {url}</c> with <see cref="SlackPayload"/>.</summary>
public sealed class SlackProvider(HttpClient http, SlackOptions options, ILogger<SlackProvider> logger)
    : HttpProvider(http, logger, options.AttemptTimeout)
{
    public override string Name => ProviderNames.Slack;

    public override bool IsDryRun(NotificationRequest request) => options.Url is null;

    protected override HttpRequestMessage BuildRequest(NotificationRequest request) =>
        new(HttpMethod.Post, options.Url)
        {
            Content = new StringContent(SlackPayload.Build(request).ToJsonString(), Encoding.UTF8, "application/json"),
        };

    /// <summary>The message only: the webhook URL is the secret.</summary>
    protected override string DescribeForLog(NotificationRequest request) => SlackPayload.Build(request).ToJsonString();
}
