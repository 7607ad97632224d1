using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.IntegrationTests.Support;

namespace AlertActors.IntegrationTests;

/// <summary>Start-up and shutdown logs say only what is true, once: where the data is, which providers page, nothing misleading.</summary>
public sealed class StartupLogTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_log_names_the_data_directory_and_database_and_says_per_provider_whether_it_is_in_dry_run()
    {
        await using var node = await NodeProcess.StartAsync(_directory, $"alertactors.cluster.port = {NodeProcess.FreePort()}");

        var info = await node.Http.GetFromJsonAsync<JsonNode>("/api/v1/info");
        var ready = await node.Http.GetFromJsonAsync<JsonNode>("/readyz");
        var exit = await node.StopGracefullyAsync(TimeSpan.FromSeconds(60));
        var output = node.Output;

        Assert.Equal(0, exit);
        Assert.Contains($"Data directory {_directory.Path}; SQLite journal {Path.Combine(_directory.Path, "alertactors.db")}", output);
        Assert.Contains("Provider pagerduty: DRY-RUN, no routing key: set alertactors.pagerduty.routing-key or PAGERDUTY_ROUTING_KEY", output);
        Assert.Contains("Provider opsgenie: DRY-RUN, no API key", output);
        Assert.Equal("dry-run", info!["providers"]!["pagerduty"]!["mode"]!.GetValue<string>());
        Assert.True(ready!["providers"]!["opsgenie"]!["dry_run"]!.GetValue<bool>());

        Assert.DoesNotContain("No seed-nodes configured", output);
        Assert.DoesNotContain("needs one shared PostgreSQL", output);
        Assert.DoesNotContain("ClusterSingletonProxy failed to find", output);
        Assert.DoesNotContain("[INFO][", output);
        Assert.Contains("is JOINING itself", output);
    }

    [Fact]
    public async Task A_node_set_up_to_join_other_nodes_on_its_own_SQLite_journal_warns_that_a_cluster_needs_a_shared_PostgreSQL()
    {
        var (port, other) = (NodeProcess.FreePort(), NodeProcess.FreePort());
        await using var node = await NodeProcess.StartAsync(_directory, $"""
            alertactors.cluster.port = {port}
            alertactors.cluster.seeds = "127.0.0.1:{other},127.0.0.1:{port}"
            """, untilReady: false);

        await Eventually.HoldsAsync(() => node.Output.Contains("Data directory", StringComparison.Ordinal), TimeSpan.FromSeconds(30),
            "the node never logged where its data is");
        Assert.Contains("This node forms a cluster with others (seeds) but its journal is a SQLite file of its own", node.Output);
        Assert.Contains("A cluster of several nodes needs one shared PostgreSQL", node.Output);
    }
}
