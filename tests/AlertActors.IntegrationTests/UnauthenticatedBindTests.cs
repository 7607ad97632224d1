using System.Net;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Node processes asked to listen on every interface (0.0.0.0; the tests still talk to them over 127.0.0.1): without a
/// token the node refuses to start, with one line and exit code 78; with a token it starts and asks for it; with the
/// explicit opt-in it starts open and says so.
/// </summary>
public sealed class UnauthenticatedBindTests : IDisposable
{
    private const string AllInterfaces = "0.0.0.0";
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Without_a_token_a_node_listening_beyond_loopback_refuses_to_start_with_one_line()
    {
        var config = await NodeProcess.WriteConfigAsync(_directory, "");
        var (exitCode, output, errors) = await NodeProcess.RunToExitAsync(
            _directory,
            ["--urls", $"http://{AllInterfaces}:{NodeProcess.FreePort()}", "--config", config]
        );

        Assert.Equal(78, exitCode);
        var lines = (output + errors).Split(
            '\n',
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries
        );
        Assert.Equal("alertactors: not started: 1 configuration problem", lines[0]);
        var line = Assert.Single(lines[1..]);
        Assert.StartsWith($"alertactors.http: the API would listen on http://{AllInterfaces}:", line);
        Assert.Contains("without a token", line);
        Assert.Contains("ALERTACTORS_ALLOW_UNAUTHENTICATED=true", line);
        // It stopped before creating anything.
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.db*"));
    }

    [Fact]
    public async Task With_a_token_it_starts_and_every_api_call_needs_the_token()
    {
        const string token = "bind-test-token-0001";
        await using var node = await NodeProcess.StartAsync(
            _directory,
            "",
            new Dictionary<string, string> { ["ALERTACTORS_API_TOKEN"] = token },
            listenHost: AllInterfaces
        );

        using (var anonymous = await node.Http.GetAsync("/api/v1/alerts"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var authorised = await ApiRolesTests.SendAsync(node.Http, HttpMethod.Get, "/api/v1/alerts", token, null))
            Assert.Equal(HttpStatusCode.OK, authorised.StatusCode);
        Assert.DoesNotContain("WITHOUT a token", node.Output);
    }

    [Fact]
    public async Task With_the_explicit_opt_in_it_starts_open_and_warns()
    {
        await using var node = await NodeProcess.StartAsync(
            _directory,
            "",
            new Dictionary<string, string> { ["ALERTACTORS_ALLOW_UNAUTHENTICATED"] = "true" },
            listenHost: AllInterfaces
        );

        using (var open = await node.Http.GetAsync("/api/v1/alerts"))
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Contains($"The HTTP API listens on http://{AllInterfaces}:", node.Output);
        Assert.Contains("WITHOUT a token (alertactors.http.allow-unauthenticated = on)", node.Output);
    }

    public void Dispose() => _directory.Dispose();
}
