using System.Text.Json;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Notifications;

/// <summary>Everything a provider needs to build its call, captured when the delivery was recorded.</summary>
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
    string? Note = null);
