using System.Net.Http.Headers;
using System.Text;
using AlertActors.Domain.Notifications;
using Microsoft.Extensions.Logging;

namespace AlertActors.Notifications.Webhook;

/// <summary>Generic JSON webhook: <c>POST {url}</c> with <see cref="WebhookPayload"/> and the configured
/// headers.</summary>
public sealed class WebhookProvider(HttpClient http, WebhookOptions options, ILogger<WebhookProvider> logger)
    : HttpProvider(http, logger, options.AttemptTimeout)
{
    public override string Name => ProviderNames.Webhook;

    public override bool IsDryRun(NotificationRequest request) => options.Url is null;

    protected override HttpRequestMessage BuildRequest(NotificationRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, options.Url)
        {
            Content = new StringContent(
                WebhookPayload.Build(request).ToJsonString(),
                Encoding.UTF8,
                "application/json"
            ),
        };
        foreach (var (name, value) in options.Headers)
            AddHeader(message, name, value);
        return message;
    }

    /// <summary>Request headers go on the request; content headers (e.g. Content-Type) replace the content's.</summary>
    internal static void AddHeader(HttpRequestMessage message, string name, string value)
    {
        if (message.Headers.TryAddWithoutValidation(name, value))
            return;
        if (message.Content is null)
            return;
        message.Content.Headers.Remove(name);
        if (
            name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)
            && MediaTypeHeaderValue.TryParse(value, out var type)
        )
            message.Content.Headers.ContentType = type;
        else
            message.Content.Headers.TryAddWithoutValidation(name, value);
    }

    /// <summary>The body only: the URL and header values may hold secrets.</summary>
    protected override string DescribeForLog(NotificationRequest request) =>
        WebhookPayload.Build(request).ToJsonString();
}
