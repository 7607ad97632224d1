using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.Host.Api;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>Bearer tokens with roles: viewer reads, operator also writes, admin (and the single api-token) also changes
/// membership.</summary>
public sealed class ApiRolesTests : IDisposable
{
    public const string Tokens = """
        alertactors.http.api-token = "admin-secret-0001"
        alertactors.http.tokens = [
          { name = dashboards, token = "viewer-secret-0001", role = viewer },
          { name = ops, token = "operator-secret-0001", role = operator, tenants = [] }
        ]
        """;

    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Each_role_may_do_its_own_calls_and_gets_403_beyond_them()
    {
        await using var node = await TestNode.StartAsync(_directory, Tokens);
        var evt = new
        {
            id = "roles-1",
            source = "health-checker",
            type = "health.check.failed",
            subject = "db-10",
            severity = "critical",
        };

        // No token, or a wrong one: 401.
        using (var none = await SendAsync(node, HttpMethod.Get, "/api/v1/alerts", null, null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.StartsWith("missing bearer token", await ErrorOf(none));
            Assert.Equal("Bearer realm=\"alertactors\"", none.Headers.WwwAuthenticate.ToString());
        }
        using (var wrong = await SendAsync(node, HttpMethod.Get, "/api/v1/alerts", "viewer-secret-0002", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(
                "Bearer realm=\"alertactors\", error=\"invalid_token\"",
                wrong.Headers.WwwAuthenticate.ToString()
            );
        }
        using (var wrongPost = await SendAsync(node, HttpMethod.Post, "/api/v1/events", "nope", evt))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongPost.StatusCode);
            Assert.Equal("Bearer", Assert.Single(wrongPost.Headers.WwwAuthenticate).Scheme);
        }
        using (
            var basic = await node.Http.SendAsync(
                new HttpRequestMessage(HttpMethod.Get, "/api/v1/alerts")
                {
                    Headers = { Authorization = new AuthenticationHeaderValue("Basic", "YWRtaW46YWRtaW4=") },
                }
            )
        )
        {
            Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
            Assert.Equal("Bearer", Assert.Single(basic.Headers.WwwAuthenticate).Scheme);
        }

        // /metrics (cluster-wide counts) needs a token as well; any role will do.
        using (var anonymousMetrics = await SendAsync(node, HttpMethod.Get, "/metrics", null, null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymousMetrics.StatusCode);
            Assert.Equal("Bearer", Assert.Single(anonymousMetrics.Headers.WwwAuthenticate).Scheme);
        }
        using (var viewerMetrics = await SendAsync(node, HttpMethod.Get, "/metrics", "viewer-secret-0001", null))
            Assert.Equal(HttpStatusCode.OK, viewerMetrics.StatusCode);

        // Viewer: reads, may not post events.
        using (var viewerGet = await SendAsync(node, HttpMethod.Get, "/api/v1/cluster", "viewer-secret-0001", null))
            Assert.Equal(HttpStatusCode.OK, viewerGet.StatusCode);
        using (var viewerPost = await SendAsync(node, HttpMethod.Post, "/api/v1/events", "viewer-secret-0001", evt))
        {
            Assert.Equal(HttpStatusCode.Forbidden, viewerPost.StatusCode);
            Assert.StartsWith("role viewer may not POST /api/v1/events", await ErrorOf(viewerPost));
        }
        Assert.Null(await node.TryGetAlertAsyncWith("viewer-secret-0001", "default:health.check.failed:db-10"));

        // Operator: posts events, may not make a node leave.
        using (var operatorPost = await SendAsync(node, HttpMethod.Post, "/api/v1/events", "operator-secret-0001", evt))
            Assert.Equal(HttpStatusCode.Accepted, operatorPost.StatusCode);
        Assert.NotNull(await node.TryGetAlertAsyncWith("operator-secret-0001", "default:health.check.failed:db-10"));
        using (var cluster = await SendAsync(node, HttpMethod.Get, "/api/v1/cluster", "operator-secret-0001", null))
        {
            var self = (await cluster.Content.ReadFromJsonAsync<JsonNode>())!["self_address"]!.GetValue<string>();
            using var leave = await SendAsync(
                node,
                HttpMethod.Post,
                "/api/v1/cluster/leave",
                "operator-secret-0001",
                new { address = self }
            );
            Assert.Equal(HttpStatusCode.Forbidden, leave.StatusCode);
            Assert.StartsWith("role operator may not POST /api/v1/cluster/leave", await ErrorOf(leave));
        }

        // The single api-token is admin: it reaches the leave endpoint itself (400 for an unknown node, nothing left).
        using (
            var admin = await SendAsync(
                node,
                HttpMethod.Post,
                "/api/v1/cluster/down",
                "admin-secret-0001",
                new { address = "akka.tcp://alertactors@10.255.255.1:4053" }
            )
        )
            Assert.Equal(HttpStatusCode.BadRequest, admin.StatusCode);

        // Probes need no token.
        using (var health = await node.Http.GetAsync("/healthz"))
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using (var ready = await node.Http.GetAsync("/readyz"))
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_small_limit_is_refused_outside_the_events_endpoint()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        var big = new string('x', 2 * 1024 * 1024);
        using var response = await node.Http.PostAsJsonAsync("/api/v1/silences", new { comment = big });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public void Token_configuration_mistakes_name_the_key_and_never_show_the_secret()
    {
        static Akka.Configuration.Config Parse(string hocon) =>
            Akka.Configuration.ConfigurationFactory.ParseString(hocon);

        Assert.False(ApiTokens.Read(Parse("alertactors.http.tokens = []"), "").Enabled);
        var both = ApiTokens.Read(Parse(Tokens), "admin-secret-0001");
        Assert.Equal(
            ["api-token:Admin", "dashboards:Viewer", "ops:Operator"],
            both.Tokens.Select(t => $"{t.Name}:{t.Role}")
        );
        Assert.Equal("ops", both.Match("operator-secret-0001")!.Name);
        Assert.Null(both.Match("operator-secret-000"));

        var badRole = Assert.ThrowsAny<Akka.Configuration.ConfigurationException>(() =>
            ApiTokens.Read(
                Parse("""alertactors.http.tokens = [ { name = x, token = "very-secret-1", role = root } ]"""),
                ""
            )
        );
        Assert.Equal(
            "alertactors.http.tokens[0].role: \"root\" is not one of viewer, operator, admin",
            badRole.Message
        );
        var shortToken = Assert.ThrowsAny<Akka.Configuration.ConfigurationException>(() =>
            ApiTokens.Read(Parse("""alertactors.http.tokens = [ { name = x, token = "abc", role = viewer } ]"""), "")
        );
        Assert.DoesNotContain("abc", shortToken.Message.Replace("characters", ""));
        Assert.DoesNotContain("very-secret-1", string.Join(" ", both.Tokens.Select(t => t.ToString())));

        // A misspelled tenants list would make a token unscoped: refused, with every other mistake of the list at once.
        var typo = Assert.ThrowsAny<Akka.Configuration.ConfigurationException>(() =>
            ApiTokens.Read(
                Parse(
                    """
                    alertactors.http.tokens = [
                      { name = site-a, token = "site-a-secret-1", role = operator, tenant = [site-a] }
                      { name = x, token = "abc", role = root }
                    ]
                    """
                ),
                ""
            )
        );
        Assert.Equal(
            [
                "alertactors.http.tokens[0].tenant: unknown key (did you mean tenants?)",
                "alertactors.http.tokens[1].token: is required and must be at least 8 characters (value not shown)",
                "alertactors.http.tokens[1].role: \"root\" is not one of viewer, operator, admin",
            ],
            typo.Message.Split('\n')
        );
    }

    internal static Task<HttpResponseMessage> SendAsync(
        TestNode node,
        HttpMethod method,
        string path,
        string? token,
        object? body
    ) => SendAsync(node.Http, method, path, token, body);

    /// <summary>A request with <paramref name="body"/> as JSON, authorised by <paramref name="token"/> as a bearer
    /// token (none when null).</summary>
    internal static async Task<HttpResponseMessage> SendAsync(
        HttpClient http,
        HttpMethod method,
        string path,
        string? token,
        object? body
    )
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
            request.Content = JsonContent.Create(body);
        return await http.SendAsync(request);
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonNode>())!["error"]!.GetValue<string>();

    public void Dispose() => _directory.Dispose();
}

internal static class TokenNodeExtensions
{
    public static async Task<JsonNode?> TryGetAlertAsyncWith(this TestNode node, string token, string dedupKey)
    {
        using var response = await ApiRolesTests.SendAsync(
            node,
            HttpMethod.Get,
            $"/api/v1/alerts/{Uri.EscapeDataString(dedupKey)}",
            token,
            null
        );
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonNode>();
    }
}
