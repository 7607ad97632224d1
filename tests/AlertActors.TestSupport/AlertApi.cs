using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace AlertActors.TestSupport;

/// <summary>A node's alert API (<c>POST /api/v1/events</c>, <c>GET /api/v1/alerts/{dedupKey}</c>;
/// docs/http-api.md), read and driven as the node-process and cluster tests need it.</summary>
public static class AlertApi
{
    /// <summary>GET /api/v1/alerts/{dedupKey} (the key escaped) as JSON; null while the alert does not exist (404),
    /// <see cref="HttpRequestException"/> on any other failure.</summary>
    public static async Task<JsonNode?> TryGetAsync(HttpClient http, string dedupKey)
    {
        using var response = await http.GetAsync($"/api/v1/alerts/{Uri.EscapeDataString(dedupKey)}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonNode>();
    }

    /// <summary>The alert (JSON as <see cref="TryGetAsync"/> reads it) has exactly <paramref name="expected"/>
    /// deliveries, all delivered.</summary>
    public static bool AllDelivered(JsonNode? alert, int expected) =>
        alert?["deliveries"]?.AsArray() is { } deliveries
        && deliveries.Count == expected
        && deliveries.All(d => d!["status"]!.GetValue<string>() == "delivered");

    /// <summary>POSTs a critical <c>health.check.failed</c> event from <c>health-checker</c> about
    /// <paramref name="subject"/> (dedup key <c>default:health.check.failed:{subject}</c>);
    /// <see cref="InvalidOperationException"/> unless the node answers 202 Accepted.</summary>
    public static async Task PostCriticalAsync(HttpClient http, string id, string subject)
    {
        using var response = await http.PostAsJsonAsync(
            "/api/v1/events",
            new
            {
                id,
                source = "health-checker",
                type = "health.check.failed",
                subject,
                severity = "critical",
            }
        );
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException(
                $"POST event {id} returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}"
            );
    }
}
