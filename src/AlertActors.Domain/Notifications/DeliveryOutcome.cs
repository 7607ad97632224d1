namespace AlertActors.Domain.Notifications;

public enum DeliveryOutcomeKind
{
    Delivered = 0,
    DryRun = 1,

    /// <summary>429, 5xx, timeout or network error: try again later.</summary>
    Retryable = 2,

    /// <summary>The provider refused the call for good (e.g. 400): retrying cannot help.</summary>
    Permanent = 3,
}

/// <summary>
/// What one attempt to call a provider came to. <paramref name="Detail"/> is the provider's answer (or the error) as
/// text: as a provider client returns it, it may echo a secret; the delivery layer masks secrets and cuts it
/// (SecretRedactor in AlertActors.Notifications) before it is kept, shown or logged.
/// </summary>
public sealed record DeliveryOutcome(DeliveryOutcomeKind Kind, string? Detail = null, TimeSpan? RetryAfter = null)
{
    public static readonly DeliveryOutcome DryRunRecorded = new(
        DeliveryOutcomeKind.DryRun,
        "dry-run: no key configured, nothing sent"
    );
}
