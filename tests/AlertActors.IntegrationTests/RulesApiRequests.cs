using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>What the rules API tests send a node (rules, events, dry runs, with a bearer token or none) and how they
/// read the answers.</summary>
internal static class RulesApiRequests
{
    internal const string DiskFull = """
        {"name":"disk-full","match":{"all":[{"field":"type","op":"eq","value":"disk.full"}]},
         "dedup-key":"{tenant}:disk:{subject}","summary":"disk full on {subject}","severity":"critical"}
        """;

    internal static string RuleOfTenant(string name, string tenant) =>
        $$$"""{"name":"{{{name}}}","match":{"all":[{"field":"tenant","op":"eq","value":"{{{tenant}}}"},{"field":"type","op":"eq","value":"disk.full"}]}}""";

    internal static string Event(string id, string type, string subject, string tenant = "default") =>
        $$"""{"id":"{{id}}","source":"test","type":"{{type}}","subject":"{{subject}}","severity":"critical","tenant":"{{tenant}}"}""";

    internal static async Task<(int Status, JsonNode? Body, string? ContentType)> SendAsync(
        TestNode node,
        HttpMethod method,
        string path,
        string? json = null,
        string? token = null
    )
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await node.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (
            (int)response.StatusCode,
            text.Length > 0 ? JsonNode.Parse(text) : null,
            response.Content.Headers.ContentType?.MediaType
        );
    }

    internal static Task<(int Status, JsonNode? Body, string? ContentType)> PutRuleAsync(
        TestNode node,
        string name,
        string json,
        string? token = null
    ) => SendAsync(node, HttpMethod.Put, $"/api/v1/rules/{name}", json, token);

    /// <summary>The dry run of one event against the rule set in force on <paramref name="node"/>: the rules it
    /// matches.</summary>
    internal static async Task<IReadOnlyList<string>> RulesMatchingAsync(TestNode node, string eventJson)
    {
        var (status, body, _) = await SendAsync(
            node,
            HttpMethod.Post,
            "/api/v1/rules/test",
            $$"""{"events":[{{eventJson}}]}"""
        );
        Assert.Equal(200, status);
        return [.. body!["results"]![0]!["matches"]!.AsArray().Select(m => m!["rule"]!.ToString())];
    }

    internal static IReadOnlyList<string> Problems(JsonNode? problem) =>
        [.. (problem?["problems"]?.AsArray() ?? []).Select(p => p!.ToString())];
}
