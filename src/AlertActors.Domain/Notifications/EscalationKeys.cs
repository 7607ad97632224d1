namespace AlertActors.Domain.Notifications;

/// <summary>
/// How an escalation step's incident is keyed at a provider (README "Escalation"):
/// <c>&lt;dedup key&gt;/escalation-&lt;step&gt;</c> (PagerDuty's <c>dedup_key</c>, OpsGenie's <c>alias</c>), so it is
/// an incident of its own that never merges with the
/// alert's (which may be on the same service) and is acknowledged and resolved with it.
/// </summary>
public static class EscalationKeys
{
    /// <summary>The key of the incident <paramref name="request"/> is about: the dedup key, or for an escalation step
    /// <c>&lt;dedup key&gt;/escalation-&lt;step&gt;</c>.</summary>
    public static string IncidentKey(this NotificationRequest request) =>
        request.EscalationStep is { } step ? $"{request.DedupKey}/escalation-{step}" : request.DedupKey;
}
