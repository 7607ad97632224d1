using System.Collections.Immutable;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// Replay protection for changes that arrive by provider webhook (PagerDuty V3, OpsGenie): a signed or token-bearing
/// body can be sent again by anyone who saw it, and PagerDuty and OpsGenie themselves redeliver. A change is refused
/// when its webhook event id was already applied, or when it happened before the alert's current period began (it
/// concerns an earlier incident). Together these make a replay either a no-op or a refusal, however old it is, so no
/// replay window (maximum age) is needed; one would also drop the providers' genuine late redeliveries after an outage.
/// </summary>
public sealed partial record AlertState
{
    /// <summary>How many applied webhook event ids are kept. An older one replayed is still refused by its
    /// time.</summary>
    public const int AppliedWebhookEventCapacity = 128;

    /// <summary>Ids of the provider webhook events that changed this alert lately (oldest first, at most
    /// <see cref="AppliedWebhookEventCapacity"/>).</summary>
    public ImmutableList<string> AppliedWebhookEventIds { get; init; } = [];

    /// <summary>A refusal (<see cref="RejectionReason.Conflict"/>) for a replayed or stale provider change; null when
    /// it may be decided.</summary>
    /// <param name="webhookEventId">The webhook event's id, or null when the change did not come by webhook.</param>
    /// <param name="occurredAt">When the change happened at the provider, or null when unknown.</param>
    /// <param name="origin">The provider, for the message.</param>
    private Decision? RefuseWebhookReplay(string? webhookEventId, DateTimeOffset? occurredAt, string? origin)
    {
        if (webhookEventId is not null && AppliedWebhookEventIds.Contains(webhookEventId))
            return Decision.Reject(
                DedupKey,
                RejectionReason.Conflict,
                $"webhook event {webhookEventId} was already applied to alert {DedupKey}"
            );
        if (occurredAt is { } at && PeriodStartedAt is { } start && at < start)
            return Decision.Reject(
                DedupKey,
                RejectionReason.Conflict,
                $"the {origin ?? "provider"} change happened at {Rfc3339.Format(at)}, before the current period of alert {DedupKey} began at {Rfc3339.Format(start)}"
            );
        return null;
    }

    private ImmutableList<string> RememberWebhookEvent(string? webhookEventId)
    {
        if (webhookEventId is null)
            return AppliedWebhookEventIds;
        var ids = AppliedWebhookEventIds.Add(webhookEventId);
        return ids.Count > AppliedWebhookEventCapacity
            ? ids.RemoveRange(0, ids.Count - AppliedWebhookEventCapacity)
            : ids;
    }
}
