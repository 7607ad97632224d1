using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AlertActors.Domain;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;

namespace AlertActors.Notifications.Remediation;

/// <summary>
/// Calls a rule's remediation endpoint (README "Remediation"): exactly one signed <c>POST</c>
/// (<see cref="RemediationPayload"/>, <see cref="RemediationSignature"/>) per attempt, bounded by the rule's
/// <c>timeout</c>, never retried here: the alert decides what an answer means (the next attempt is a delivery of its
/// own). The webhook URL is the rule's as configured now (<see cref="AlertRule.RemediationWebhook"/>, never journaled).
/// </summary>
/// <remarks>
/// Outcomes: HTTP 2xx with <c>{"result":"resolved"}</c> is <see cref="DeliveryOutcomeKind.Delivered"/> (success);
/// 2xx with <c>{"result":"failed","detail":"..."}</c>, a 4xx or an unreadable body is
/// <see cref="DeliveryOutcomeKind.Permanent"/>; a 5xx, 429, a timeout or a connection error is
/// <see cref="DeliveryOutcomeKind.Retryable"/> (so the provider's circuit breaker counts it). Every one but the first
/// is a failed attempt. No detail holds the secret or the URL (its query may carry a token).
/// </remarks>
public sealed class RemediationProvider(HttpClient http, RemediationOptions options, IRuleSetSource rules)
    : INotificationProvider
{
    /// <summary>How much longer than the rule's timeout the delivery layer waits before it gives up on a
    /// call.</summary>
    public static readonly TimeSpan CallMargin = TimeSpan.FromSeconds(5);

    private const int MaxAnswerLength = 2048;

    public string Name => ProviderNames.Remediation;

    /// <summary>Never: a rule with remediation needs a secret and a webhook, so there is always somewhere to
    /// call.</summary>
    public bool IsDryRun(NotificationRequest request) => false;

    public TimeSpan? CallTimeoutOf(NotificationRequest request) =>
        request.Remediation is { } call ? call.Timeout + CallMargin : null;

    /// <summary>No: each rule calls its own endpoint, and an attempt is exactly one call (a breaker opened by one
    /// failing endpoint would fail every rule's attempts without a call and page humans for nothing).</summary>
    public bool HasCircuitBreaker => false;

    public async Task<DeliveryOutcome> SendAsync(NotificationRequest request, CancellationToken cancellationToken)
    {
        if (request.Remediation is not { } call)
            return new DeliveryOutcome(DeliveryOutcomeKind.Permanent, "not a remediation attempt");
        if (rules.Current.Rules.FirstOrDefault(r => r.Name == request.Rule)?.RemediationWebhook is not { } url)
            return new DeliveryOutcome(
                DeliveryOutcomeKind.Permanent,
                $"rule {request.Rule} has no remediation webhook any more"
            );
        var redactor = new SecretRedactor([options.Secret, url.OriginalString]);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(call.Timeout);
        try
        {
            using var message = Sign(new HttpRequestMessage(HttpMethod.Post, url), request);
            using var response = await http.SendAsync(message, timeout.Token).ConfigureAwait(false);
            var answer = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return Redact(Judge(response, answer), redactor);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(
                DeliveryOutcomeKind.Retryable,
                $"no answer within {DurationText.Format(call.Timeout)}"
            );
        }
        catch (HttpRequestException ex)
        {
            // The message names host and port at most; redacted all the same (the URL may hold a token).
            return Redact(new DeliveryOutcome(DeliveryOutcomeKind.Retryable, $"call failed: {ex.Message}"), redactor);
        }
    }

    /// <summary>The signed request: body, <see cref="RemediationSignature.TimestampHeader"/> and
    /// <see cref="RemediationSignature.SignatureHeader"/>.</summary>
    private HttpRequestMessage Sign(HttpRequestMessage message, NotificationRequest request)
    {
        var body = Encoding.UTF8.GetBytes(
            RemediationPayload.Build(request, options.ApiBaseUrl).ToJsonString(PayloadBudget.WireJson)
        );
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        message.Content = new ByteArrayContent(body);
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        message.Headers.Add(
            RemediationSignature.TimestampHeader,
            now.ToString(System.Globalization.CultureInfo.InvariantCulture)
        );
        message.Headers.Add(RemediationSignature.SignatureHeader, RemediationSignature.Of(options.Secret, now, body));
        return message;
    }

    private static DeliveryOutcome Judge(HttpResponseMessage response, string answer)
    {
        var status = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
            return new DeliveryOutcome(
                status >= 500 || status is 408 or 429 ? DeliveryOutcomeKind.Retryable : DeliveryOutcomeKind.Permanent,
                $"HTTP {status}: {Cut(answer.Trim())}"
            );
        try
        {
            using var json = JsonDocument.Parse(answer);
            var root = json.RootElement;
            var result =
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty("result", out var r)
                    ? r.ValueKind == JsonValueKind.String
                        ? r.GetString()
                        : null
                    : null;
            var detail =
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty("detail", out var d)
                    ? d.ValueKind == JsonValueKind.String
                        ? d.GetString()
                        : d.GetRawText()
                    : null;
            return result switch
            {
                "resolved" => new DeliveryOutcome(DeliveryOutcomeKind.Delivered, detail ?? "resolved"),
                "failed" => new DeliveryOutcome(DeliveryOutcomeKind.Permanent, detail ?? "failed"),
                _ => new DeliveryOutcome(
                    DeliveryOutcomeKind.Permanent,
                    $"HTTP {status} without \"result\": \"resolved\" or \"failed\": {Cut(answer.Trim())}"
                ),
            };
        }
        catch (JsonException)
        {
            return new DeliveryOutcome(DeliveryOutcomeKind.Permanent, $"HTTP {status}, not JSON: {Cut(answer.Trim())}");
        }
    }

    private static DeliveryOutcome Redact(DeliveryOutcome outcome, SecretRedactor redactor) =>
        outcome with
        {
            Detail = outcome.Detail is { } detail ? redactor.Redact(detail) : null,
        };

    private static string Cut(string text) => text.Length <= MaxAnswerLength ? text : text[..MaxAnswerLength] + "…";
}
