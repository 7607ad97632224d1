using System.Text;
using System.Text.Json.Nodes;
using AlertActors.Host.Api;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Provider webhooks as PagerDuty and OpsGenie send them to a test node: their bodies, and the POSTs that carry them
/// (with the signature or token each provider adds).
/// </summary>
internal static class ProviderWebhookRequests
{
    /// <summary>POSTs <paramref name="body"/> to the PagerDuty webhook, with <paramref name="signature"/> as its
    /// signature header when given.</summary>
    internal static async Task<HttpResponseMessage> PostPagerDutyAsync(TestNode node, string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ProviderWebhooksEndpoints.PagerDutyPath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
            request.Headers.Add(ProviderWebhooksEndpoints.PagerDutySignatureHeader, signature);
        return await node.Http.SendAsync(request);
    }

    /// <summary>POSTs <paramref name="body"/> to the OpsGenie webhook, with <paramref name="token"/> as its token
    /// header when given.</summary>
    internal static async Task<HttpResponseMessage> PostOpsGenieAsync(TestNode node, string body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ProviderWebhooksEndpoints.OpsGeniePath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
            request.Headers.Add(ProviderWebhooksEndpoints.OpsGenieTokenHeader, token);
        return await node.Http.SendAsync(request);
    }

    /// <summary>A PagerDuty V3 webhook body as PagerDuty sends it (trimmed of fields AlertActors does not read); a new
    /// event id and now by default.</summary>
    internal static string PagerDutyEvent(
        string eventType,
        string incidentKey,
        string agent,
        string? id = null,
        DateTimeOffset? occurredAt = null
    ) =>
        new JsonObject
        {
            ["event"] = new JsonObject
            {
                ["id"] = id ?? Guid.NewGuid().ToString("N").ToUpperInvariant()[..26],
                ["event_type"] = eventType,
                ["resource_type"] = "incident",
                ["occurred_at"] = (occurredAt ?? DateTimeOffset.UtcNow).ToString(
                    "yyyy-MM-ddTHH:mm:ss.fffZ",
                    System.Globalization.CultureInfo.InvariantCulture
                ),
                ["agent"] = new JsonObject
                {
                    ["html_url"] = "https://acme.pagerduty.com/users/PLH1HKV",
                    ["id"] = "PLH1HKV",
                    ["self"] = "https://api.pagerduty.com/users/PLH1HKV",
                    ["summary"] = agent,
                    ["type"] = "user_reference",
                },
                ["client"] = null,
                ["data"] = new JsonObject
                {
                    ["id"] = "PGR0VU2",
                    ["type"] = "incident",
                    ["self"] = "https://api.pagerduty.com/incidents/PGR0VU2",
                    ["html_url"] = "https://acme.pagerduty.com/incidents/PGR0VU2",
                    ["number"] = 2,
                    ["status"] = eventType == "incident.resolved" ? "resolved" : "acknowledged",
                    ["incident_key"] = incidentKey,
                    ["created_at"] = "2026-11-23T03:00:01Z",
                    ["title"] = "Rogue DHCP lease to aa:bb:cc:dd:ee:ff",
                    ["urgency"] = "high",
                },
            },
        }.ToJsonString();

    /// <summary>An OpsGenie webhook-integration body (trimmed); <c>updatedAt</c> (the action's time, in nanoseconds) is
    /// now by default.</summary>
    internal static string OpsGenieEvent(
        string action,
        string alias,
        string username,
        string alertId = "70413a06-38d6-4c85-92b8-5ebc900d42e2",
        DateTimeOffset? updatedAt = null
    ) =>
        new JsonObject
        {
            ["action"] = action,
            ["alert"] = new JsonObject
            {
                ["alertId"] = alertId,
                ["updatedAt"] = (updatedAt ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds() * 1_000_000 + 2246,
                ["message"] = "Rogue DHCP lease to aa:bb:cc:dd:ee:ff",
                ["tags"] = new JsonArray("alertactors"),
                ["tinyId"] = "1791",
                ["entity"] = "aa:bb:cc:dd:ee:ff",
                ["alias"] = alias,
                ["createdAt"] = 1795000000000,
                ["username"] = username,
                ["userId"] = "daed1180-0ce8-438b-8f8e-57e1a5920a2d",
            },
            ["source"] = new JsonObject { ["name"] = "", ["type"] = "web" },
            ["integrationName"] = "AlertActors webhook",
            ["integrationType"] = "Webhook",
        }.ToJsonString();
}
