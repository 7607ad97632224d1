using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Discovery.Config.Hosting;
using Akka.Hosting;
using Akka.Management;
using Akka.Management.Cluster.Bootstrap;
using Akka.Management.Dsl;
using Akka.Remote.Hosting;
using AlertActors.Configuration;

namespace AlertActors.Formation;

/// <summary>
/// How the node's cluster forms (<c>alertactors.cluster.discovery</c>): remoting, clustering, and either seed nodes or
/// Akka.Management cluster bootstrap with Akka.Discovery's config method or Akka.Discovery.KubernetesApi.
/// </summary>
public static class ClusterFormation
{
    /// <summary>
    /// Remoting: bind to <c>alertactors.cluster.hostname</c> (<c>akka.remote.dot-netty.tcp.hostname</c>) and advertise
    /// <c>public-hostname</c> when set (<c>akka.remote.dot-netty.tcp.public-hostname</c>), e.g. bind 0.0.0.0 and
    /// advertise the pod's IP.
    /// </summary>
    public static RemoteOptions RemoteOptionsOf(ClusterSettings cluster) =>
        new()
        {
            HostName = cluster.Hostname,
            Port = cluster.Port,
            PublicHostName = cluster.AdvertisedHostname,
        };

    /// <summary>
    /// The configured seed nodes; with none, the node's own address (it forms a single-node cluster, and Akka does not
    /// log that a manual join is needed). Empty when the port is 0 (chosen by the OS at start: the node joins itself
    /// once it knows its address), and always with cluster bootstrap, which gives up when seed nodes are set.
    /// </summary>
    public static string[] SeedNodesOf(ClusterSettings cluster) =>
        cluster.Discovery.UsesBootstrap() ? []
        : cluster.Seeds.Count > 0 ? [.. cluster.SeedAddresses]
        : cluster.Port > 0 ? [$"akka.tcp://{ClusterSettings.SystemName}@{cluster.AdvertisedHostname}:{cluster.Port}"]
        : [];

    /// <summary>
    /// Remoting, clustering and the formation <paramref name="cluster"/> asks for. With bootstrap, Akka.Management's
    /// cluster bootstrap starts with the actor system and probes the discovered contact points (the host serves this
    /// node's: <see cref="BootstrapContactPoint"/>), found through Akka.Discovery's config method or
    /// <see cref="KubernetesApiDiscovery"/>.
    /// </summary>
    public static AkkaConfigurationBuilder AddClusterFormation(
        this AkkaConfigurationBuilder builder,
        ClusterSettings cluster
    )
    {
        builder
            .WithRemoting(RemoteOptionsOf(cluster))
            .WithClustering(new ClusterOptions { SeedNodes = SeedNodesOf(cluster) });
        switch (cluster.Discovery)
        {
            case ClusterDiscovery.Config:
                return builder
                    .WithConfigDiscovery(options =>
                        options.Services.Add(
                            new Service
                            {
                                Name = cluster.Bootstrap.ServiceName,
                                Endpoints = [.. cluster.Bootstrap.Endpoints],
                            }
                        )
                    )
                    .WithBootstrap(cluster, portName: null);
            case ClusterDiscovery.Kubernetes:
                return builder
                    .AddHocon(KubernetesDiscoveryHocon(cluster.Bootstrap.Kubernetes), HoconAddMode.Prepend)
                    .WithBootstrap(cluster, portName: cluster.Bootstrap.Kubernetes.ManagementPortName);
            default:
                // With a port chosen by the OS (0) the own address is known only now; else it is the seed node already.
                return builder.AddStartup(
                    (system, _) =>
                    {
                        if (SeedNodesOf(cluster).Length > 0)
                            return;
                        var self = Akka.Cluster.Cluster.Get(system);
                        self.Join(self.SelfAddress);
                    }
                );
        }
    }

    /// <summary><see cref="KubernetesApiDiscovery"/> as the default <c>akka.discovery</c> method, with
    /// <paramref name="kubernetes"/>'s settings.</summary>
    public static Config KubernetesDiscoveryHocon(KubernetesApiSettings kubernetes) =>
        ConfigurationFactory.ParseString(
            $$"""
            akka.discovery {
              method = {{KubernetesApiDiscovery.Method}}
              {{KubernetesApiDiscovery.Method}} {
                class = {{ConfigLoader.Quote(typeof(KubernetesApiDiscovery).AssemblyQualifiedName!)}}
                pod-label-selector = {{ConfigLoader.Quote(kubernetes.PodLabelSelector)}}
                pod-namespace = {{ConfigLoader.Quote(kubernetes.PodNamespace)}}
                pod-namespace-path = {{ConfigLoader.Quote(kubernetes.PodNamespacePath)}}
                api-token-path = {{ConfigLoader.Quote(kubernetes.ApiTokenPath)}}
                api-ca-path = {{ConfigLoader.Quote(kubernetes.ApiCaPath)}}
              }
            }
            """
        );

    /// <summary>
    /// Cluster bootstrap over the default discovery method, started with the actor system. Its contact point is this
    /// node's management endpoint, <c>http://{advertised hostname}:{management port}</c>, which the host serves
    /// (<see cref="BootstrapContactPoint"/>).
    /// </summary>
    private static AkkaConfigurationBuilder WithBootstrap(
        this AkkaConfigurationBuilder builder,
        ClusterSettings cluster,
        string? portName
    )
    {
        var bootstrap = cluster.Bootstrap;
        var options = new ClusterBootstrapOptions();
        options.ContactPointDiscovery.ServiceName = bootstrap.ServiceName;
        options.ContactPointDiscovery.PortName = portName;
        options.ContactPointDiscovery.RequiredContactPointsNr = bootstrap.RequiredContactPoints;
        options.ContactPoint.FallbackPort = bootstrap.ManagementPort;
        // Listed endpoints carry their own ports: keep them all. Akka.Management's default keeps only the contact
        // points on this node's own management port, so nodes sharing a host (a local run on 127.0.0.1) each saw only
        // themselves and never formed a cluster.
        options.ContactPoint.FilterOnFallbackPort = cluster.Discovery != ClusterDiscovery.Config;
        var selfContactPoint = new Uri($"http://{cluster.AdvertisedHostname}:{bootstrap.ManagementPort}");
        return builder
            .WithAkkaManagement(
                new AkkaManagementOptions
                {
                    HostName = cluster.AdvertisedHostname,
                    Port = bootstrap.ManagementPort,
                    BindHostName = cluster.Hostname,
                    BindPort = bootstrap.ManagementPort,
                },
                autoStart: false
            )
            .WithClusterBootstrap(options, autoStart: false)
            .AddStartup(
                async (system, _) =>
                {
                    var clusterBootstrap = ClusterBootstrap.Get(system);
                    // Binding the bootstrap route ourselves (not through Akka.Management's HTTP server): this is how
                    // bootstrap learns its own contact point, which the join decider compares with the discovered ones.
                    clusterBootstrap.Routes(ManagementRouteProviderSettings.Create(selfContactPoint, readOnly: true));
                    await clusterBootstrap.Start();
                }
            );
    }
}
