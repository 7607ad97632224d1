using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// What <see cref="TenantScopeTests"/> sends a test node with a given bearer token (events of a tenant, silences) and
/// how it reads the answers, including the comparison of another tenant's existing key with a key that exists nowhere.
/// </summary>
internal static class TenantScopeRequests
{
    internal static object Event(string id, string tenant, string subject) =>
        new
        {
            id,
            source = "health-checker",
            type = "health.check.failed",
            subject,
            severity = "critical",
            tenant,
        };

    internal static object Silence(params (string Name, string Value)[] matchers) =>
        new
        {
            matchers = matchers.Select(m => new
            {
                name = m.Name,
                value = m.Value,
                is_regex = false,
                is_equal = true,
            }),
            duration = "1h",
            created_by = "alice",
            comment = "tenant scope test",
        };

    internal static async Task<string> CreatedId(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<string>();
        }
    }

    internal sealed record Answer(HttpStatusCode Status, string Body);

    /// <summary>
    /// The answers to <paramref name="path"/> (a format with the key or id as {0}) for an existing key of another
    /// tenant and for one that exists nowhere, with the key (and, for a dead-delivery id, the dedup key it names)
    /// replaced by "KEY": they must be identical.
    /// </summary>
    internal static async Task<(Answer Existing, Answer Missing)> BothAsync(
        TestNode node,
        HttpMethod method,
        string path,
        string token,
        string existing,
        string missing,
        bool escape = true
    )
    {
        async Task<Answer> AnswerFor(string key)
        {
            using var response = await Send(
                node,
                method,
                string.Format(path, escape ? Uri.EscapeDataString(key) : key),
                token,
                method == HttpMethod.Post ? new { by = "mallory" } : null
            );
            var body = (await response.Content.ReadAsStringAsync()).Replace(key, "KEY");
            if (AlertActors.Host.Api.DeadDeliveryId.TryDecode(key, out var dedupKey, out _))
                body = body.Replace(dedupKey, "KEY");
            return new Answer(response.StatusCode, body);
        }
        return (await AnswerFor(existing), await AnswerFor(missing));
    }

    internal static Task<HttpResponseMessage> Send(
        TestNode node,
        HttpMethod method,
        string path,
        string token,
        object? body
    ) => ApiRolesTests.SendAsync(node, method, path, token, body);

    internal static async Task<JsonNode> Json(TestNode node, string path, string token)
    {
        using var response = await Send(node, HttpMethod.Get, path, token, null);
        Assert.True(
            response.IsSuccessStatusCode,
            $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"
        );
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    internal static async Task<string> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonNode>())!["error"]!.GetValue<string>();
}
