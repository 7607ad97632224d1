using System.Collections;
using Akka.Configuration;
using Akka.Hosting;
using AlertActors.Configuration;
using AlertActors.Formation;
using Microsoft.Extensions.DependencyInjection;

namespace AlertActors.Configuration.Tests;

/// <summary>
/// <c>alertactors.cluster.discovery</c> and the bootstrap settings: what the environment sets, what the node registers
/// (Akka.Management cluster bootstrap over Akka.Discovery's config method or the Kubernetes API, no seed nodes), and
/// the contradictions refused before a node could form a second cluster or wait forever.
/// </summary>
public sealed class ClusterDiscoveryConfigTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alertactors-discovery-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Seeds_is_the_default_and_forms_a_single_node_cluster_at_the_own_address()
    {
        var cluster = Read("", new Hashtable()).Settings!.Cluster;

        Assert.Equal(ClusterDiscovery.Seeds, cluster.Discovery);
        Assert.Equal(["akka.tcp://alertactors@127.0.0.1:4053"], ClusterFormation.SeedNodesOf(cluster));
    }

    [Fact]
    public void The_environment_selects_config_discovery_with_its_endpoints_and_management_port()
    {
        var (settings, problems) = Read(
            "",
            new Hashtable
            {
                ["CLUSTER_DISCOVERY"] = "config",
                ["CLUSTER_MANAGEMENT_PORT"] = "9558",
                ["CLUSTER_BOOTSTRAP_ENDPOINTS"] = "alertactors-1:9558, alertactors-2:9558,alertactors-3:9558",
            }
        );

        Assert.Empty(problems);
        var cluster = settings!.Cluster;
        Assert.Equal((ClusterDiscovery.Config, 9558), (cluster.Discovery, cluster.Bootstrap.ManagementPort));
        Assert.Equal(["alertactors-1:9558", "alertactors-2:9558", "alertactors-3:9558"], cluster.Bootstrap.Endpoints);
        Assert.Empty(ClusterFormation.SeedNodesOf(cluster));

        var akka = Registered(cluster);
        Assert.Equal("config", akka.GetString("akka.discovery.method"));
        Assert.Equal(
            ["alertactors-1:9558", "alertactors-2:9558", "alertactors-3:9558"],
            akka.GetStringList("akka.discovery.config.services.alertactors.endpoints")
        );
        Assert.Empty(akka.GetStringList("akka.cluster.seed-nodes"));
    }

    [Fact]
    public void Kubernetes_discovery_registers_the_Kubernetes_API_method_with_the_configured_paths()
    {
        var (settings, problems) = Read(
            """
            alertactors.cluster {
              discovery = kubernetes
              kubernetes { pod-namespace = monitoring, api-ca-path = "/etc/k8s/ca.pem" }
            }
            """,
            new Hashtable()
        );

        Assert.Empty(problems);
        var akka = Registered(settings!.Cluster);
        Assert.Equal(KubernetesApiDiscovery.Method, akka.GetString("akka.discovery.method"));
        var method = akka.GetConfig($"akka.discovery.{KubernetesApiDiscovery.Method}");
        Assert.Equal(
            ("app.kubernetes.io/name={0}", "monitoring", "/etc/k8s/ca.pem"),
            (method.GetString("pod-label-selector"), method.GetString("pod-namespace"), method.GetString("api-ca-path"))
        );
        Assert.Equal("/var/run/secrets/kubernetes.io/serviceaccount/token", method.GetString("api-token-path"));
        Assert.Contains(nameof(KubernetesApiDiscovery), method.GetString("class"));
    }

    [Fact]
    public void Discovery_on_a_SQLite_journal_of_this_nodes_own_is_refused_unless_every_node_opens_the_same_file()
    {
        const string discovery =
            "alertactors.cluster { discovery = config, bootstrap.endpoints = \"a:8558,b:8558\" }\n";

        Assert.StartsWith(
            "alertactors.persistence.provider: sqlite keeps this node's journal in a file of its own, but the node is set up to join "
                + "others (alertactors.cluster.discovery = config)",
            Assert.Single(Read(discovery, new Hashtable(), onPostgreSql: false).Problems)
        );
        Assert.Empty(
            Read(discovery + "alertactors.persistence.shared-file = on", new Hashtable(), onPostgreSql: false).Problems
        );
        Assert.Empty(Read("", new Hashtable(), onPostgreSql: false).Problems);
    }

    [Theory]
    [InlineData(
        "alertactors.cluster.discovery = dns",
        "alertactors.cluster.discovery: \"dns\" is not one of seeds, config, kubernetes"
    )]
    [InlineData(
        "alertactors.cluster { discovery = kubernetes, seeds = \"10.0.0.5:4053\" }",
        "alertactors.cluster.seeds: must be empty with discovery = kubernetes"
    )]
    [InlineData(
        "alertactors.cluster { discovery = config }",
        "alertactors.cluster.bootstrap.endpoints: discovery = config needs every node's management host:port"
    )]
    [InlineData(
        "alertactors.cluster { discovery = config, bootstrap.endpoints = \"a:8558\", management.port = 4053 }",
        "alertactors.cluster.management.port: 4053 is also the remoting port (alertactors.cluster.port)"
    )]
    [InlineData(
        "alertactors.cluster { discovery = config, bootstrap.endpoints = \"a:8558,b\" }",
        "alertactors.cluster.bootstrap.endpoints: \"b\" is not host:port"
    )]
    public void A_contradictory_or_incomplete_discovery_is_refused_naming_the_key(string hocon, string expected)
    {
        var problem = Assert.Single(Read(hocon, new Hashtable()).Problems);

        Assert.StartsWith(expected, problem);
    }

    /// <summary>Reads <paramref name="hocon"/> on a PostgreSQL journal (a cluster's) unless
    /// <paramref name="onPostgreSql"/> is false.</summary>
    private (AlertActorsSettings? Settings, IReadOnlyList<string> Problems) Read(
        string hocon,
        IDictionary environment,
        bool onPostgreSql = true
    )
    {
        var file = Path.Combine(_directory, $"{Guid.NewGuid():N}.conf");
        File.WriteAllText(
            file,
            (onPostgreSql ? "alertactors.persistence { provider = postgresql, connection-string = \"Host=db\" }\n" : "")
                + hocon
        );
        var problems = new ConfigProblems();
        var (_, settings) = ConfigLoader.Read(RuleConfig.HoconDirectory, file, environment, problems);
        return (settings, problems.Items);
    }

    /// <summary>The configuration <see cref="ClusterFormation.AddClusterFormation"/> registers through
    /// Akka.Hosting.</summary>
    private static Config Registered(ClusterSettings cluster) =>
        new AkkaConfigurationBuilder(new ServiceCollection(), "discovery")
            .AddClusterFormation(cluster)
            .Configuration.Value;
}
