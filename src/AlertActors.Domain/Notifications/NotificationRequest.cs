using System.Text.Json;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Notifications;

/// <summary>Everything a provider needs to build its call, captured when the delivery was recorded.</summary>
/// <param name="TraceParent">The W3C <c>traceparent</c> of the alert handling that scheduled it, so the provider call joins the event's trace; null when untraced (and in deliveries recorded before it existed).</param>
/// <param name="Target">
/// The routing target this call goes to (<see cref="IRoutingTargets"/>, e.g. one PagerDuty routing key, named by route and
/// fingerprint, never the key itself): the provider sends to it even if the route would now resolve elsewhere, so every
/// call of a firing period reaches the service its trigger reached. Null: the provider routes the call when it sends it
/// (providers with one destination, and deliveries recorded before targets existed).
/// </param>
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
    string? TraceParent = null,
    string? Target = null);
