using System.Net;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// <c>alertctl cluster leave</c> with no address, as the Kubernetes pre-stop hook runs it (the admin token from
/// ALERTACTORS_API_TOKEN): the node it talks to leaves the cluster gracefully and then shuts down by itself.
/// </summary>
public sealed class AlertCtlLeaveSelfTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Leave_without_an_address_makes_the_node_it_talks_to_leave_and_stop()
    {
        await using var node = await NodeProcess.StartAsync(_directory, ApiRolesTests.Tokens);
        var server = node.Http.BaseAddress!.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/cluster");
        request.Headers.Authorization = new("Bearer", "admin-secret-0001");
        using var cluster = await node.Http.SendAsync(request);
        var self = JsonNode.Parse(await cluster.Content.ReadAsStringAsync())!["self_address"]!.GetValue<string>();

        // An operator token may not, and nothing happens.
        var denied = await AlertCtlProcess.RunAsync(
            server,
            null,
            new Dictionary<string, string> { ["ALERTACTORS_API_TOKEN"] = "operator-secret-0001" },
            "cluster",
            "leave"
        );
        Assert.Equal(1, denied.ExitCode);
        Assert.StartsWith("alertctl: HTTP 403", denied.Err.Trim());
        using (var ready = await node.Http.GetAsync("/readyz"))
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // The admin token from the environment, as the pre-stop hook has it.
        var leave = await AlertCtlProcess.RunAsync(
            server,
            null,
            new Dictionary<string, string> { ["ALERTACTORS_API_TOKEN"] = "admin-secret-0001" },
            "cluster",
            "leave"
        );
        Assert.True(leave.ExitCode == 0, leave.Err);
        Assert.Equal($"leave requested for {self}", leave.Out.Trim());

        // Leaving (then removed), the node is no longer ready, and its actor system's shutdown stops the process
        // cleanly.
        using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exitCode = await node.WaitForExitAsync(stopped.Token);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{node.Output}");
    }

    public void Dispose() => _directory.Dispose();
}
