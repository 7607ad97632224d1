using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.Host.Api;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Where the API's tokens apply now that endpoints declare their policies: every path under /api, also one no endpoint
/// answers (a token is needed before a caller learns 404 or 405); never the probes, the provider webhooks (their own
/// secrets) or the OpenAPI document.
/// </summary>
public sealed class ApiAuthorizationTests : IDisposable
{
    private const string Viewer = "viewer-secret-0001";
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Paths_under_api_that_no_endpoint_answers_still_need_a_token_and_open_paths_need_none()
    {
        await using var node = await TestNode.StartAsync(_directory, ApiRolesTests.Tokens);

        foreach (
            var (method, path) in new[]
            {
                (HttpMethod.Get, "/api/v1/nothing-here"),
                (HttpMethod.Post, "/api/v2/alerts"),
                (HttpMethod.Delete, "/api/v1/alerts"),
            }
        )
        {
            using var anonymous = await ApiRolesTests.SendAsync(node, method, path, null, null);
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Bearer realm=\"alertactors\"", anonymous.Headers.WwwAuthenticate.ToString());
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
            using var unknown = await ApiRolesTests.SendAsync(node, method, path, "not-a-token-0001", null);
            Assert.Equal(
                "Bearer realm=\"alertactors\", error=\"invalid_token\"",
                unknown.Headers.WwwAuthenticate.ToString()
            );
        }
        using (var notFound = await ApiRolesTests.SendAsync(node, HttpMethod.Get, "/api/v1/nothing-here", Viewer, null))
        {
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
            Assert.Contains(
                "/api/v1/nothing-here",
                (await notFound.Content.ReadFromJsonAsync<JsonNode>())!["detail"]!.GetValue<string>()
            );
        }
        using (
            var wrongMethod = await ApiRolesTests.SendAsync(
                node,
                HttpMethod.Delete,
                "/api/v1/alerts",
                "admin-secret-0001",
                null
            )
        )
            Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);

        // Anonymous: the OpenAPI document, the probes, a path outside /api that does not exist (404, not 401), the
        // provider webhooks.
        using (var document = await node.Http.GetAsync(NodeEndpoints.OpenApiPath))
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        using (var elsewhere = await node.Http.GetAsync("/nothing-here"))
            Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        using (
            var webhook = await node.Http.PostAsJsonAsync(
                ProviderWebhooksEndpoints.OpsGeniePath,
                new { action = "AddNote", alert = new { alias = "x" } }
            )
        )
        {
            Assert.Equal(HttpStatusCode.Accepted, webhook.StatusCode);
            Assert.Equal(
                "ignored",
                (await webhook.Content.ReadFromJsonAsync<JsonNode>())!["result"]!.GetValue<string>()
            );
        }
    }

    [Fact]
    public async Task Without_tokens_every_policy_holds()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        using (var cluster = await node.Http.GetAsync("/api/v1/cluster"))
            Assert.Equal(HttpStatusCode.OK, cluster.StatusCode);
        using (var metrics = await node.Http.GetAsync("/metrics"))
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        using (
            var down = await node.Http.PostAsJsonAsync(
                "/api/v1/cluster/down",
                new { address = "akka.tcp://alertactors@10.255.255.1:4053" }
            )
        )
            Assert.Equal(HttpStatusCode.BadRequest, down.StatusCode); // reached the endpoint: an unknown node, nothing downed
        using (var unknown = await node.Http.GetAsync("/api/v1/nothing-here"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    public void Dispose() => _directory.Dispose();
}
