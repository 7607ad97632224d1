namespace AlertActors.PostgreSqlTests;

/// <summary>How the nodes of a <see cref="ThreeNodeCluster"/> find each other, and on which loopback address each one
/// is.</summary>
public abstract class ClusterLayout
{
    /// <summary>Seed nodes (<c>discovery = seeds</c>) on 127.0.0.1: node 1 is the seed and starts first.</summary>
    public static readonly ClusterLayout Seeds = new SeedLayout();

    /// <summary>Cluster bootstrap over Akka.Discovery's config method: the three starting nodes' management endpoints
    /// (all on 127.0.0.1) are listed.</summary>
    public static readonly ClusterLayout ConfigDiscovery = new ConfigLayout();

    /// <summary>Cluster bootstrap over the pods <paramref name="api"/> lists (register each node's pod there before it
    /// starts).</summary>
    public static ClusterLayout Kubernetes(KubernetesApiStub api) => new KubernetesLayout(api);

    /// <summary>The node's remoting and management host (its "pod IP").</summary>
    public abstract string HostOf(int index);

    /// <summary>The <c>alertactors.cluster</c> HOCON of the layout (the address and ports are set by the
    /// cluster).</summary>
    public abstract string Hocon(ThreeNodeCluster cluster);

    /// <summary>Whether node 1 must be up before the others start (a seed node); bootstrapped nodes start
    /// together.</summary>
    public virtual bool SeedFirst => false;

    public virtual IReadOnlyDictionary<string, string>? Environment => null;

    /// <summary>Called before node <paramref name="index"/>'s process starts (Kubernetes lists a pod before its
    /// container runs).</summary>
    public virtual void BeforeStart(ThreeNodeCluster cluster, int index) { }

    /// <summary>127.0.0.2 for node 1, 127.0.0.3 for node 2, ... (the whole of 127.0.0.0/8 routes to
    /// loopback).</summary>
    private static string OwnLoopbackAddress(int index) => $"127.0.0.{index + 2}";

    private sealed class SeedLayout : ClusterLayout
    {
        public override string HostOf(int index) => "127.0.0.1";

        public override string Hocon(ThreeNodeCluster cluster) =>
            $"alertactors.cluster.seeds = \"127.0.0.1:{cluster.RemotingPortOf(0)}\"";

        public override bool SeedFirst => true;
    }

    /// <summary>All on 127.0.0.1, each with its own ports: a local multi-node run as an operator starts one (config
    /// discovery lists host:port).</summary>
    private sealed class ConfigLayout : ClusterLayout
    {
        public override string HostOf(int index) => "127.0.0.1";

        public override string Hocon(ThreeNodeCluster cluster) =>
            $"alertactors.cluster {{ discovery = config, bootstrap.endpoints = \"{string.Join(",", Enumerable.Range(0, 3).Select(i => $"{HostOf(i)}:{cluster.ManagementPortOf(i)}"))}\" }}";
    }

    private sealed class KubernetesLayout(KubernetesApiStub api) : ClusterLayout
    {
        public override string HostOf(int index) => OwnLoopbackAddress(index);

        public override string Hocon(ThreeNodeCluster cluster) => api.Hocon;

        public override IReadOnlyDictionary<string, string>? Environment => api.Environment;

        public override void BeforeStart(ThreeNodeCluster cluster, int index) =>
            api.AddPod(
                new KubernetesApiStub.Pod(
                    $"alertactors-{index}",
                    HostOf(index),
                    cluster.ManagementPortOf(index),
                    cluster.RemotingPortOf(index)
                )
            );
    }
}
