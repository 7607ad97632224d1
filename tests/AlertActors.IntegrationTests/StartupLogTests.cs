using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>Start-up and shutdown logs say only what is true, once: where the data is, which providers page, nothing
/// misleading.</summary>
public sealed class StartupLogTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_log_names_the_data_directory_and_database_and_says_per_provider_whether_it_is_in_dry_run()
    {
        await using var node = await NodeProcess.StartAsync(
            _directory,
            $"alertactors.cluster.port = {NodeProcess.FreePort()}"
        );

        var info = await node.Http.GetFromJsonAsync<JsonNode>("/api/v1/info");
        var ready = await node.Http.GetFromJsonAsync<JsonNode>("/readyz");
        var exit = await node.StopGracefullyAsync(TimeSpan.FromSeconds(60));
        var output = node.Output;

        Assert.Equal(0, exit);
        Assert.Contains(
            $"Data directory {_directory.Path}; SQLite journal {Path.Combine(_directory.Path, "alertactors.db")}",
            output
        );
        Assert.Contains(
            "Provider pagerduty: DRY-RUN, no routing key: set alertactors.pagerduty.routing-key or PAGERDUTY_ROUTING_KEY",
            output
        );
        Assert.Contains("Provider opsgenie: DRY-RUN, no API key", output);
        Assert.Equal("dry-run", info!["providers"]!["pagerduty"]!["mode"]!.GetValue<string>());
        Assert.True(ready!["providers"]!["opsgenie"]!["dry_run"]!.GetValue<bool>());

        Assert.DoesNotContain("No seed-nodes configured", output);
        Assert.DoesNotContain("ClusterSingletonProxy failed to find", output);
        Assert.DoesNotContain("[INFO][", output);
        Assert.Contains("is JOINING itself", output);
    }
}
