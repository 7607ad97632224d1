using System.Net;
using System.Net.Http.Headers;
using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications;

/// <summary>
/// Classifies a provider's HTTP answer: done, retry (honouring Retry-After) or permanent. The outcome's detail is the
/// answer's whole text, which may echo secrets: it goes through <see cref="SecretRedactor.Redact(DeliveryOutcome)"/>
/// (which also cuts it) before anything keeps, shows or logs it.
/// </summary>
public static class ProviderResponse
{
    public static async Task<DeliveryOutcome> ClassifyAsync(
        HttpResponseMessage response,
        CancellationToken cancellationToken
    )
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var detail = $"HTTP {status}: {body.Trim()}";
        if (response.IsSuccessStatusCode)
            return new DeliveryOutcome(DeliveryOutcomeKind.Delivered, detail);
        if (
            response.StatusCode == HttpStatusCode.TooManyRequests
            || status >= 500
            || response.StatusCode == HttpStatusCode.RequestTimeout
        )
            return new DeliveryOutcome(DeliveryOutcomeKind.Retryable, detail, RetryAfter(response.Headers.RetryAfter));
        return new DeliveryOutcome(DeliveryOutcomeKind.Permanent, detail);
    }

    /// <summary>A failed call as a retryable outcome; its detail (the exception's message) also needs
    /// <see cref="SecretRedactor"/>.</summary>
    public static DeliveryOutcome FromException(Exception exception) =>
        new(DeliveryOutcomeKind.Retryable, $"{exception.GetType().Name}: {exception.Message}");

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
