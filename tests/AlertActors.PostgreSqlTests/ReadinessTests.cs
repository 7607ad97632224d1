using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;
using Xunit.Abstractions;

namespace AlertActors.PostgreSqlTests;

/// <summary>
/// Readiness as a Kubernetes probe uses it: a node is not ready before it is an Up member with its shard region
/// registered, nor while its journal's database is gone, nor while it is cut off from the majority of the cluster; it
/// turns ready again by itself when that heals.
/// </summary>
public sealed class ReadinessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    /// <summary>What Akka.Management's bootstrap coordinator logs while it waits for
    /// <c>required-contact-points</c>.</summary>
    private const string TooFewContactPoints = "which is less than the required";

    [PostgreSqlFact]
    public async Task A_bootstrapping_node_is_unready_until_the_cluster_forms_and_its_shard_region_registers()
    {
        // The Kubernetes API lists only the pods that exist, and bootstrap needs 2 contact points: node 1 alone keeps
        // probing and forms nothing.
        await using var api = await KubernetesApiStub.StartAsync();
        await using var cluster = ThreeNodeCluster.WithoutNodes("", ClusterLayout.Kubernetes(api));
        try
        {
            var first = cluster.Nodes[await cluster.AddNodeAsync(untilReady: false)];
            await Eventually.HoldsAsync(
                () => first.Output.Contains(TooFewContactPoints, StringComparison.Ordinal),
                Within,
                "node 1's cluster bootstrap never reported too few contact points"
            );

            var unready = await UnreadyAsync(first.Http, "node 1 was ready before any cluster formed");
            output.WriteLine(unready.ToJsonString());
            Assert.False(unready["ready"]!.GetValue<bool>());
            Assert.False(unready["checks"]!["cluster_member_up"]!.GetValue<bool>());
            Assert.StartsWith("not a cluster member yet", unready["failing"]!["cluster_member_up"]!.GetValue<string>());
            Assert.Equal(
                "no Up member in this node's view yet (the cluster is not formed)",
                unready["failing"]!["cluster_majority_reachable"]!.GetValue<string>()
            );
            Assert.False(unready["checks"]!["shard_region_registered"]!.GetValue<bool>());
            Assert.True(unready["checks"]!["journal_reachable"]!.GetValue<bool>());
            using (var alive = await first.Http.GetAsync("/healthz"))
                Assert.Equal(HttpStatusCode.OK, alive.StatusCode);

            // A second pod appears: node 1 (the lowest address) forms the cluster, node 2 joins, both turn ready.
            await cluster.AddNodeAsync();
            await ReadyAsync(first.Http, "node 1 never turned ready after the cluster formed");
            Assert.Equal(
                [cluster.AddressOf(0), cluster.AddressOf(1)],
                (await ClusterApi.UpMembersAsync(first.Http)).Order(StringComparer.Ordinal)
            );
        }
        catch
        {
            output.WriteLine(cluster.Outputs(3000));
            throw;
        }
    }

    [PostgreSqlFact]
    public async Task A_node_whose_journal_database_goes_away_is_unready_until_it_is_back()
    {
        await using var cluster = ThreeNodeCluster.WithoutNodes("", ClusterLayout.Seeds);
        try
        {
            var node = cluster.Nodes[await cluster.AddNodeAsync()];

            cluster.Database.AllowConnections(false);
            JsonNode unready;
            try
            {
                unready = await UnreadyAsync(node.Http, "the node stayed ready without its database");
            }
            finally
            {
                cluster.Database.AllowConnections(true);
            }
            output.WriteLine(unready.ToJsonString());
            Assert.Equal(
                ["journal_reachable"],
                unready["checks"]!.AsObject().Where(c => !c.Value!.GetValue<bool>()).Select(c => c.Key)
            );
            Assert.StartsWith(
                "the journal's database did not answer",
                unready["failing"]!["journal_reachable"]!.GetValue<string>()
            );
            Assert.DoesNotContain("Password", unready.ToJsonString(), StringComparison.OrdinalIgnoreCase);
            using (var alive = await node.Http.GetAsync("/healthz"))
                Assert.Equal(HttpStatusCode.OK, alive.StatusCode);

            await ReadyAsync(node.Http, "the node did not turn ready again once its database was back");
            // And it works again: an event is taken and its alert read back from the journal.
            await AlertApi.PostCriticalAsync(node.Http, "journal-back-1", "journal-host");
            await Eventually.HoldsAsync(
                async () =>
                    await AlertApi.TryGetAsync(node.Http, "default:health.check.failed:journal-host") is not null,
                Within,
                "the alert posted after the database came back was not found"
            );
        }
        catch
        {
            output.WriteLine(cluster.Outputs(3000));
            throw;
        }
    }

    /// <summary>
    /// The partition: nodes 2 and 3 are frozen (SIGSTOP), so node 1 reaches only itself; they are thawed (SIGCONT)
    /// before the split-brain resolver (here given 60 s) would down anyone.
    /// </summary>
    [PostgreSqlFact]
    public async Task A_node_cut_off_from_the_majority_is_unready_until_the_partition_heals()
    {
        await using var cluster = await ThreeNodeCluster.StartAsync(
            "akka.cluster.split-brain-resolver.stable-after = 60s"
        );
        var node1 = cluster.Nodes[0].Http;
        try
        {
            JsonNode unready;
            await SignalAsync("STOP", cluster.Nodes[1], cluster.Nodes[2]);
            try
            {
                unready = await UnreadyAsync(node1, "node 1 stayed ready while it reached only itself");
            }
            finally
            {
                await SignalAsync("CONT", cluster.Nodes[1], cluster.Nodes[2]);
            }
            output.WriteLine(unready.ToJsonString());
            Assert.Equal(
                ["cluster_majority_reachable"],
                unready["checks"]!.AsObject().Where(c => !c.Value!.GetValue<bool>()).Select(c => c.Key)
            );
            Assert.Contains(
                "only 1 of 3 members reachable",
                unready["failing"]!["cluster_majority_reachable"]!.GetValue<string>()
            );

            foreach (var node in cluster.Nodes)
                await ReadyAsync(node.Http, "a node did not turn ready again after the partition healed");
            Assert.Equal(3, (await ClusterApi.UpMembersAsync(node1)).Count);
        }
        catch
        {
            output.WriteLine(cluster.Outputs(3000));
            throw;
        }
    }

    /// <summary>Polls <c>/readyz</c> until it answers 503 and returns its body.</summary>
    private static Task<JsonNode> UnreadyAsync(HttpClient http, string because) =>
        Eventually.HoldsAsync(
            async () =>
            {
                using var response = await http.GetAsync("/readyz");
                return response.StatusCode == HttpStatusCode.ServiceUnavailable
                    ? JsonNode.Parse(await response.Content.ReadAsStringAsync())
                    : null;
            },
            Within,
            because
        );

    /// <summary>Polls <c>/readyz</c> until it answers 200.</summary>
    private static Task ReadyAsync(HttpClient http, string because) =>
        Eventually.HoldsAsync(
            async () =>
            {
                using var response = await http.GetAsync("/readyz");
                return response.IsSuccessStatusCode;
            },
            Within,
            because
        );

    private static async Task SignalAsync(string signal, params NodeProcess[] nodes)
    {
        foreach (var node in nodes)
        {
            using var kill = Process.Start(
                "kill",
                [$"-{signal}", node.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            );
            await kill.WaitForExitAsync();
        }
    }
}
