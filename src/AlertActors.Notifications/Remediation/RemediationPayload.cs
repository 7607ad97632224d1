using System.Text.Json.Nodes;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications.Webhook;

namespace AlertActors.Notifications.Remediation;

/// <summary>
/// The body of a remediation call (README "Remediation"): the alert's fields as the generic webhook's body has them,
/// plus which attempt this is and how to resolve the alert through the API:
/// <code>
/// { "dedup_key", "rule", "summary", "severity", "source", "type", "subject", "tenant", "timestamp", "details": { },
///   "attempt": 1, "max_attempts": 3, "firing_since": "2026-01-01T00:00:00.000Z",
///   "resolve_path": "/api/v1/alerts/{key}/resolve", "resolve_url": "http://.../api/v1/alerts/{key}/resolve" | null }
/// </code>
/// </summary>
public static class RemediationPayload
{
    /// <param name="apiBaseUrl">The API's base URL (<c>alertactors.remediation.api-url</c>); null: no
    /// <c>resolve_url</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="request"/> is not a remediation attempt.</exception>
    public static JsonObject Build(NotificationRequest request, Uri? apiBaseUrl)
    {
        var call =
            request.Remediation
            ?? throw new ArgumentException("not a remediation attempt (no Remediation)", nameof(request));
        var resolvePath = $"/api/v1/alerts/{Uri.EscapeDataString(request.DedupKey)}/resolve";
        var body = WebhookPayload.Build(request);
        // Not a lifecycle change: the webhook's change fields do not apply.
        foreach (var field in new[] { "action", "by", "note", "escalation_step" })
            body.Remove(field);
        body["attempt"] = call.Attempt;
        body["max_attempts"] = call.MaxAttempts;
        body["firing_since"] = PayloadFields.Timestamp(request with { Timestamp = call.FiringSince });
        body["resolve_path"] = resolvePath;
        body["resolve_url"] = apiBaseUrl is null ? null : new Uri(apiBaseUrl, resolvePath).ToString();
        return body;
    }
}
