using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>alertctl cluster show / leave / down and shards, as a process against a live node with role
/// tokens.</summary>
public sealed class AlertCtlClusterTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Cluster_show_and_shards_list_the_node_and_its_alert_shards()
    {
        await using var node = await TestNode.StartAsync(_directory, ApiRolesTests.Tokens);
        using (
            var posted = await ApiRolesTests.SendAsync(
                node,
                HttpMethod.Post,
                "/api/v1/events",
                "operator-secret-0001",
                new
                {
                    id = "ctl-cluster-1",
                    source = "health-checker",
                    type = "health.check.failed",
                    subject = "db-11",
                    severity = "critical",
                }
            )
        )
            posted.EnsureSuccessStatusCode();
        var server = node.Http.BaseAddress!.ToString();
        const string viewer = "viewer-secret-0001";

        var show = await RunAsync(server, viewer, "cluster", "show", "-o", "json");
        Assert.Equal(0, show.ExitCode);
        var cluster = JsonNode.Parse(show.Out)!;
        var self = cluster["self_address"]!.GetValue<string>();
        Assert.Equal(self, cluster["leader"]!.GetValue<string>());
        Assert.Equal("up", cluster["members"]!.AsArray().Single()!["status"]!.GetValue<string>());

        var text = await RunAsync(server, viewer, "cluster", "show");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains(self, text.Out);
        Assert.Contains($"leader: {self}", text.Out);

        await Eventually.HoldsAsync(
            async () =>
            {
                var shards = await RunAsync(server, viewer, "shards", "--output", "json");
                if (shards.ExitCode != 0)
                    return false;
                var node0 = JsonNode.Parse(shards.Out)!["shard_regions"]!
                    .AsArray()
                    .Single(r => r!["type_name"]!.GetValue<string>() == "alert")!["nodes"]!
                    .AsArray()
                    .Single()!;
                return node0["address"]!.GetValue<string>() == self
                    && node0["shards"]!.GetValue<int>() >= 1
                    && node0["entities"]!.GetValue<int>() >= 1;
            },
            TimeSpan.FromSeconds(30),
            "alertctl shards never showed the node's alert shard"
        );
        var table = await RunAsync(server, viewer, "shards");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("alert", table.Out);

        var denied = await RunAsync(server, "operator-secret-0001", "cluster", "leave", self);
        Assert.Equal(1, denied.ExitCode);
        Assert.Single(denied.Err.Trim().Split('\n'));
        Assert.StartsWith("alertctl: HTTP 403", denied.Err.Trim());

        var unknown = await RunAsync(
            server,
            "admin-secret-0001",
            "cluster",
            "down",
            "akka.tcp://alertactors@10.255.255.1:4053"
        );
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("alertctl: HTTP 400", unknown.Err.Trim());

        var noToken = await RunAsync(server, null, "shards");
        Assert.Equal(1, noToken.ExitCode);
        Assert.StartsWith("alertctl: HTTP 401", noToken.Err.Trim());
    }

    private static Task<(int ExitCode, string Out, string Err)> RunAsync(
        string server,
        string? token,
        params string[] args
    ) => AlertCtlProcess.RunAsync(server, token, args);

    public void Dispose() => _directory.Dispose();
}
