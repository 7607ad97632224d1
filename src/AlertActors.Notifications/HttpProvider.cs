using System.Text.Json;
using AlertActors.Domain.Notifications;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace AlertActors.Notifications;

/// <summary>
/// The shared shape of a JSON-over-HTTP provider: dry-run when unconfigured, one bounded attempt per
/// call otherwise. Retries and ordering belong to the alert's durable outbox, not to this class.
/// </summary>
public abstract class HttpProvider : INotificationProvider
{
    /// <summary>How payloads are written, on the wire and in dry-run logs: <see cref="PayloadBudget.WireJson"/>, the
    /// form budgets are measured in.</summary>
    protected static JsonSerializerOptions PayloadJson => PayloadBudget.WireJson;

    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _attempt;

    protected HttpProvider(HttpClient http, ILogger logger, TimeSpan attemptTimeout)
    {
        _http = http;
        _logger = logger;
        _attempt = new ResiliencePipelineBuilder().AddTimeout(attemptTimeout).Build();
    }

    public abstract string Name { get; }

    public abstract bool IsDryRun(NotificationRequest request);

    /// <summary>The request to send; its payload must not be logged when it carries a secret.</summary>
    protected abstract HttpRequestMessage BuildRequest(NotificationRequest request);

    /// <summary>The payload as logged in dry-run mode: never contains a key.</summary>
    protected abstract string DescribeForLog(NotificationRequest request);

    public async Task<DeliveryOutcome> SendAsync(NotificationRequest request, CancellationToken cancellationToken)
    {
        if (IsDryRun(request))
        {
            _logger.LogInformation(
                "DRY-RUN {Provider} {Action} dedup_key={DedupKey} payload={Payload}",
                Name,
                request.Action.ToString().ToLowerInvariant(),
                request.DedupKey,
                DescribeForLog(request)
            );
            return DeliveryOutcome.DryRunRecorded;
        }

        try
        {
            return await _attempt
                .ExecuteAsync(
                    async token =>
                    {
                        using var message = BuildRequest(request);
                        using var response = await _http.SendAsync(message, token).ConfigureAwait(false);
                        return await ProviderResponse.ClassifyAsync(response, token).ConfigureAwait(false);
                    },
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
        catch (Exception ex)
            when (ex is HttpRequestException or TimeoutRejectedException or TaskCanceledException
                && !cancellationToken.IsCancellationRequested
            )
        {
            // Not logged here: the message may name a secret URL. The alert logs the redacted outcome (SecretRedactor).
            return ProviderResponse.FromException(ex);
        }
    }
}
