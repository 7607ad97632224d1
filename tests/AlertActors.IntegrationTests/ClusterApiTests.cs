using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>GET /api/v1/cluster and the leave/down calls on a single node.</summary>
public sealed class ClusterApiTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task A_single_node_is_the_one_Up_leader_and_hosts_the_alert_region_shards()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        await AlertApi.PostCriticalAsync(node.Http, "cluster-1", "db-9");

        JsonNode cluster = null!;
        await Eventually.HoldsAsync(
            async () =>
            {
                cluster = await node.GetJsonAsync("/api/v1/cluster");
                var region = cluster["shard_regions"]!
                    .AsArray()
                    .Single(r => r!["type_name"]!.GetValue<string>() == "alert")!;
                return region["entities"]!.GetValue<int>() >= 1;
            },
            TimeSpan.FromSeconds(30),
            "the alert region never reported an entity"
        );

        var self = cluster["self_address"]!.GetValue<string>();
        Assert.StartsWith("akka.tcp://", self);
        Assert.Equal(self, cluster["leader"]!.GetValue<string>());
        var member = Assert.Single(cluster["members"]!.AsArray())!;
        Assert.Equal(self, member["address"]!.GetValue<string>());
        Assert.Equal("up", member["status"]!.GetValue<string>());
        Assert.True(member["reachable"]!.GetValue<bool>());
        Assert.True(member["leader"]!.GetValue<bool>());
        Assert.Equal(1, member["age"]!.GetValue<int>());
        Assert.Empty(cluster["unreachable"]!.AsArray());

        // Both sharded entity types: alerts, and the groups of grouped alerts (none here).
        Assert.Equal(
            ["alert", "group"],
            cluster["shard_regions"]!.AsArray().Select(r => r!["type_name"]!.GetValue<string>())
        );
        var alert = cluster["shard_regions"]!.AsArray()[0]!;
        Assert.True(alert["shards"]!.GetValue<int>() >= 1);
        var perNode = Assert.Single(alert["nodes"]!.AsArray())!;
        Assert.Equal(self, perNode["address"]!.GetValue<string>());
        Assert.Equal(alert["shards"]!.GetValue<int>(), perNode["shards"]!.GetValue<int>());
        Assert.True(perNode["entities"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task Leave_and_down_reject_a_malformed_or_unknown_address_with_400()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        foreach (var action in new[] { "leave", "down" })
        {
            // (No address is this node itself for leave: AlertCtlLeaveSelfTests.)
            foreach (
                var body in action == "leave"
                    ? new object[]
                    {
                        new { address = "not an address" },
                        new { address = "akka.tcp://alertactors@10.255.255.1:4053" },
                    }
                    :
                    [
                        new { address = "not an address" },
                        new { address = "akka.tcp://alertactors@10.255.255.1:4053" },
                        new { },
                    ]
            )
            {
                using var response = await node.Http.PostAsJsonAsync($"/api/v1/cluster/{action}", body);
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.False(
                    string.IsNullOrEmpty(
                        (await response.Content.ReadFromJsonAsync<JsonNode>())!["error"]!.GetValue<string>()
                    )
                );
            }
        }
        Assert.Equal("up", (await node.GetJsonAsync("/api/v1/cluster"))["members"]![0]!["status"]!.GetValue<string>());
    }

    public void Dispose() => _directory.Dispose();
}
