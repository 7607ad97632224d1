using System.Net;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;
using Xunit.Abstractions;

namespace AlertActors.PostgreSqlTests;

/// <summary>
/// Akka.Management cluster bootstrap with no seed nodes: node processes on their own loopback addresses (127.0.0.2, .3,
/// ...) find each other through the Kubernetes API (an HTTPS stub with a CA made for the test, token and namespace
/// files) or through listed endpoints (Akka.Discovery's config method), form exactly one cluster, and a node started
/// later joins it.
/// </summary>
public sealed class ClusterBootstrapTests(ITestOutputHelper output)
{
    /// <summary>What a node that forms the cluster through bootstrap logs (Akka.Management's BootstrapCoordinator), and
    /// only that node.</summary>
    private const string SelfJoin = "Initiating new cluster, self-joining";

    [PostgreSqlFact]
    public async Task Three_pods_the_Kubernetes_API_lists_form_one_cluster_without_seeds_and_a_fourth_pod_joins_it_later()
    {
        await using var api = await KubernetesApiStub.StartAsync();
        await using var cluster = await ThreeNodeCluster.StartAsync("", ClusterLayout.Kubernetes(api));
        try
        {
            var expected = Enumerable.Range(0, 3).Select(cluster.AddressOf).Order(StringComparer.Ordinal).ToList();
            foreach (var node in cluster.Nodes)
                Assert.Equal(expected, (await ClusterApi.UpMembersAsync(node.Http)).Order(StringComparer.Ordinal));
            Assert.Equal(1, cluster.Nodes.Count(n => n.Output.Contains(SelfJoin, StringComparison.Ordinal)));
            Assert.All(cluster.Nodes, n => Assert.DoesNotContain("bailing out of the bootstrap process", n.Output));
            // Every node asked for the pods of its namespace by label, with its token; nothing else reached the API.
            var requests = api.Requests.ToList();
            Assert.NotEmpty(requests);
            Assert.All(
                requests,
                r =>
                    Assert.Equal(
                        (KubernetesApiStub.Namespace, "app.kubernetes.io/name=alertactors", true),
                        (r.Namespace, r.LabelSelector, r.Authorized)
                    )
            );

            var (code, shown, error) = await AlertCtlProcess.RunAsync(
                cluster.Nodes[0].Http.BaseAddress!.ToString(),
                null,
                "cluster",
                "show"
            );
            output.WriteLine(shown);
            Assert.True(code == 0, error);
            Assert.All(expected, address => Assert.Contains(address, shown));
            Assert.Contains(
                "discovery (configured): cluster bootstrap (Akka.Management) over Kubernetes API discovery",
                shown
            );

            // A fourth pod appears in the API, its node finds the running cluster through the contact points and joins
            // it.
            var fourth = await cluster.AddNodeAsync();
            await Eventually.HoldsAsync(
                async () => (await ClusterApi.UpMembersAsync(cluster.Nodes[0].Http)).Count == 4,
                TimeSpan.FromSeconds(60),
                "node 1 never saw the fourth node Up"
            );
            Assert.Equal(4, (await ClusterApi.UpMembersAsync(cluster.Nodes[fourth].Http)).Count);
            Assert.DoesNotContain(SelfJoin, cluster.Nodes[fourth].Output);
            (code, shown, error) = await AlertCtlProcess.RunAsync(
                cluster.Nodes[fourth].Http.BaseAddress!.ToString(),
                null,
                "cluster",
                "show"
            );
            Assert.True(code == 0, error);
            Assert.Contains(cluster.AddressOf(fourth) + " (self)", shown);
            Assert.All(expected, address => Assert.Contains(address, shown));

            // The joined node serves the cluster's alerts like the others.
            await AlertApi.PostCriticalAsync(cluster.Nodes[fourth].Http, "bootstrap-1", "bootstrap-host");
            using var alert = await cluster
                .Nodes[0]
                .Http.GetAsync("/api/v1/alerts/" + Uri.EscapeDataString("default:health.check.failed:bootstrap-host"));
            Assert.Equal(HttpStatusCode.OK, alert.StatusCode);
        }
        catch
        {
            output.WriteLine(cluster.Outputs());
            throw;
        }
    }

    [PostgreSqlFact]
    public async Task A_pod_whose_service_account_may_not_list_pods_logs_what_it_needs_and_stays_unready()
    {
        await using var api = await KubernetesApiStub.StartAsync();
        api.MayListPods = false;
        await using var cluster = ThreeNodeCluster.WithoutNodes("", ClusterLayout.Kubernetes(api));
        try
        {
            var node = cluster.Nodes[await cluster.AddNodeAsync(untilReady: false)];

            await Eventually.HoldsAsync(
                () => node.Output.Contains("the Kubernetes API answered 403 to listing pods", StringComparison.Ordinal),
                TimeSpan.FromSeconds(30),
                "the node never logged the API's refusal"
            );
            Assert.Contains(
                "the pod's service account needs get/list/watch on pods in this namespace: deploy/k8s/rbac.yaml",
                node.Output
            );
            Assert.DoesNotContain(api.Token, node.Output);
            using var ready = await node.Http.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.DoesNotContain(SelfJoin, node.Output);
        }
        catch
        {
            output.WriteLine(cluster.Outputs());
            throw;
        }
    }

    [PostgreSqlFact]
    public async Task Three_nodes_listed_as_config_endpoints_form_one_cluster_through_bootstrap()
    {
        await using var cluster = await ThreeNodeCluster.StartAsync("", ClusterLayout.ConfigDiscovery);
        try
        {
            var expected = Enumerable.Range(0, 3).Select(cluster.AddressOf).Order(StringComparer.Ordinal).ToList();
            var leaders = new HashSet<string?>();
            foreach (var node in cluster.Nodes)
            {
                var view = await ClusterApi.GetJsonAsync(node.Http, "/api/v1/cluster");
                Assert.Equal("config", view["discovery"]!.GetValue<string>());
                leaders.Add(view["leader"]?.GetValue<string>());
                Assert.Equal(expected, (await ClusterApi.UpMembersAsync(node.Http)).Order(StringComparer.Ordinal));
            }
            Assert.Single(leaders);
            // One node (the lowest contact point) formed it; the others joined it.
            Assert.Equal(1, cluster.Nodes.Count(n => n.Output.Contains(SelfJoin, StringComparison.Ordinal)));
        }
        catch
        {
            output.WriteLine(cluster.Outputs());
            throw;
        }
    }
}
