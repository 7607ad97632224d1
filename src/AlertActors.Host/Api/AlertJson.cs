using System.Text.Json;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;

namespace AlertActors.Host.Api;

/// <summary>The alert as the HTTP API shows it (docs/http-api.md); snake_case on the wire.</summary>
/// <param name="Group">The key of the group a grouped alert belongs to (README "Grouping"); null when its rule does
/// not group.</param>
public sealed record AlertJson(
    string DedupKey,
    string Status,
    bool Silenced,
    string Severity,
    string Summary,
    string Tenant,
    string Source,
    string Type,
    string? Subject,
    string Rule,
    long Occurrences,
    long Suppressed,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    int FiringPeriod,
    string? AcknowledgedBy,
    string? ResolvedBy,
    JsonElement? Details,
    IReadOnlyList<DeliveryJson>? Deliveries,
    IReadOnlyList<TimelineEntry>? Timeline,
    string? Group = null
)
{
    /// <summary>The dedup key of the firing alert that inhibits this one's notification (an inhibit rule), or
    /// null.</summary>
    public string? InhibitedBy { get; init; }

    /// <summary>Whether a firing alert inhibits this one's notification now (<see cref="InhibitedBy"/>).</summary>
    public bool Inhibited => InhibitedBy is not null;

    /// <summary>The time interval of the rule's <c>route.mute-during</c> that holds this alert's notification back now
    /// (README "Time windows"), or null.</summary>
    public string? MutedBy { get; init; }

    /// <summary>When that interval's window ends and the held notification goes out if the alert still fires
    /// unacknowledged; null when not muted.</summary>
    public DateTimeOffset? MutedUntil { get; init; }

    /// <summary>Escalation steps this firing period took (README "Escalation"); null when none.</summary>
    public int? EscalationSteps { get; init; }

    /// <summary>When the next escalation step falls due if nobody acknowledges the alert (a silence or a mute window
    /// then may hold it longer); null when none is due.</summary>
    public DateTimeOffset? NextEscalationAt { get; init; }

    /// <summary>True while the trigger notifications wait for remediation (<c>page = after-remediation</c>, README
    /// "Remediation").</summary>
    public bool HeldForRemediation { get; init; }

    /// <summary>The current firing period's remediation, or null when its rule has none.</summary>
    public RemediationJson? Remediation { get; init; }

    /// <param name="silenced">Whether an active silence matches the alert now (the alert's <c>silenced</c>
    /// field).</param>
    public static AlertJson Full(AlertState state, bool silenced) =>
        Brief(state, silenced) with
        {
            Deliveries = state.Deliveries.Select(DeliveryJson.From).ToList(),
            Timeline = state.Timeline,
        };

    public static AlertJson Brief(AlertState state, bool silenced) =>
        new(
            state.DedupKey,
            state.Status.ToName(),
            silenced,
            state.Severity.ToName(),
            state.Summary,
            state.Tenant,
            state.Source,
            state.Type,
            state.Subject,
            state.Rule,
            state.Occurrences,
            state.Suppressed,
            state.FirstSeen,
            state.LastSeen,
            state.FiringPeriod,
            state.AcknowledgedBy,
            state.ResolvedBy,
            state.Details,
            Deliveries: null,
            Timeline: null,
            Group: state.GroupKey
        )
        {
            InhibitedBy = state.InhibitedBy,
            MutedBy = state.MutedBy,
            MutedUntil = state.MutedUntil,
            EscalationSteps = state.EscalationStepsTaken > 0 ? state.EscalationStepsTaken : null,
            NextEscalationAt = state.DueAt(AlertTimer.Escalation),
            HeldForRemediation = state.HeldForRemediation,
            Remediation = state.RemediationStatus is { } status
                ? new RemediationJson(status, state.RemediationAttempts, state.RemediationDetail)
                : null,
        };
}

/// <summary>A firing period's remediation (README "Remediation").</summary>
/// <param name="Status"><c>running</c>, <c>resolved</c> (an attempt resolved the alert), <c>failed</c> (every attempt
/// failed; the page went out) or <c>cancelled</c> (acknowledged or resolved first).</param>
/// <param name="Attempts">Attempts answered so far.</param>
/// <param name="LastResult">The latest answer's detail (the endpoint's <c>detail</c>, HTTP status or error), or
/// null.</param>
public sealed record RemediationJson(string Status, int Attempts, string? LastResult);

/// <param name="Target">The routing target the call goes to (e.g. <c>severity:critical#1a2b3c4d5e6f7a8b</c>: the route
/// and a fingerprint of its key, never the key); null when routed as it is sent.</param>
/// <param name="EscalationStep">The escalation step (from 1) whose incident the call is about (README "Escalation");
/// null for the alert's own.</param>
public sealed record DeliveryJson(
    long Id,
    string Provider,
    string Action,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? Detail,
    string? Target = null,
    int? EscalationStep = null
)
{
    public static DeliveryJson From(OutboxDelivery d) =>
        new(
            d.Number,
            d.Provider,
            d.Request.Remediation is null ? d.Request.Action.ToString().ToLowerInvariant() : "remediate",
            d.Status.ToName(),
            d.Attempts,
            d.CreatedAt,
            d.CompletedAt,
            d.Detail,
            d.Request.Target,
            d.Request.EscalationStep
        );
}
