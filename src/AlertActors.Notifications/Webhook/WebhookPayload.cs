using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications.Webhook;

/// <summary>
/// The generic webhook body: one flat JSON object per lifecycle change, every field always present
/// (null when it has no value), so receivers can rely on the shape:
/// <code>
/// { "dedup_key", "action": "trigger|acknowledge|resolve", "summary", "severity": "critical|high|medium|low|info",
///   "source", "type", "subject", "tenant", "timestamp": "2026-01-01T00:00:00.000Z", "details": { },
///   "by", "note", "rule", "escalation_step" }
/// </code>
/// <c>by</c> and <c>note</c> are set on acknowledge and resolve; <c>timestamp</c> is the last occurrence for a
/// trigger and the time of the change otherwise. <c>dedup_key</c> is the full key, never shortened.
/// <c>escalation_step</c> is the step (from 1) of an escalation's call (README "Escalation"), else null; such a call's
/// <c>summary</c> starts <c>[escalation n]</c> (<see cref="PayloadFields.Summary"/>).
/// </summary>
public static class WebhookPayload
{
    public static string ActionOf(NotificationAction action) =>
        action switch
        {
            NotificationAction.Trigger => "trigger",
            NotificationAction.Acknowledge => "acknowledge",
            _ => "resolve",
        };

    public static JsonObject Build(NotificationRequest request) =>
        new()
        {
            ["dedup_key"] = request.DedupKey,
            ["action"] = ActionOf(request.Action),
            ["summary"] = PayloadFields.Summary(request),
            ["severity"] = request.Severity.ToName(),
            ["source"] = request.Source,
            ["type"] = request.Type,
            ["subject"] = request.Subject,
            ["tenant"] = request.Tenant,
            ["timestamp"] = PayloadFields.Timestamp(request),
            ["details"] = PayloadFields.Details(request),
            ["by"] = request.By,
            ["note"] = request.Note,
            ["rule"] = request.Rule,
            ["escalation_step"] = request.EscalationStep,
        };
}
