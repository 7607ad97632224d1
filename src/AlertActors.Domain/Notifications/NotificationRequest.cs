using System.Text.Json;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Notifications;

/// <summary>Everything a provider needs to build its call, captured when the delivery was recorded.</summary>
/// <param name="Target">
/// The routing target this call goes to (<see cref="IRoutingTargets"/>, e.g. one PagerDuty routing key, named by route
/// and fingerprint, never the key itself): the provider sends to it even if the route would now resolve elsewhere, so
/// every call of a firing period reaches the service its trigger reached. Null: the provider routes the call when it
/// sends it (providers with one destination, and deliveries recorded before targets existed).
/// </param>
/// <param name="Membership">For a delivery to the <see cref="ProviderNames.Group"/> pseudo-provider: the join (trigger)
/// or leave (resolve) it carries; null otherwise.</param>
/// <param name="EscalationStep">For a call of an escalation step (README "Escalation"): the step, from 1; its incident
/// is keyed by <see cref="EscalationKeys.IncidentKey"/>, apart from the alert's own. Null otherwise.</param>
public sealed record NotificationRequest(
    string DedupKey,
    NotificationAction Action,
    string Summary,
    Severity Severity,
    string Source,
    string Type,
    string? Subject,
    string Tenant,
    DateTimeOffset Timestamp,
    JsonElement? Details,
    string Rule = "",
    string? By = null,
    string? Note = null,
    string? Target = null,
    Groups.GroupMembership? Membership = null,
    int? EscalationStep = null
)
{
    /// <summary>For a delivery to the <see cref="ProviderNames.Remediation"/> endpoint: which attempt it is (README
    /// "Remediation"); null for every other notification, and in journals written before it existed.</summary>
    public RemediationCall? Remediation { get; init; }
}
