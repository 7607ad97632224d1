namespace AlertActors.Configuration;

/// <summary>
/// <c>alertactors.cluster.discovery</c> (CLUSTER_DISCOVERY): how a node finds the others. <see cref="Seeds"/> joins the
/// listed seed nodes (none: the node forms a cluster alone); <see cref="Config"/> and <see cref="Kubernetes"/> run
/// Akka.Management cluster bootstrap over the contact points that Akka.Discovery finds (the listed endpoints, or the
/// pods the Kubernetes API lists).
/// </summary>
public enum ClusterDiscovery
{
    Seeds,
    Config,
    Kubernetes,
}

/// <summary>The HOCON names of <see cref="ClusterDiscovery"/>.</summary>
public static class ClusterDiscoveryNames
{
    public static readonly IReadOnlyDictionary<string, ClusterDiscovery> ByName = new Dictionary<
        string,
        ClusterDiscovery
    >(StringComparer.OrdinalIgnoreCase)
    {
        ["seeds"] = ClusterDiscovery.Seeds,
        ["config"] = ClusterDiscovery.Config,
        ["kubernetes"] = ClusterDiscovery.Kubernetes,
    };

    public static string ToName(this ClusterDiscovery discovery) => discovery.ToString().ToLowerInvariant();

    /// <summary>Whether the node forms or joins its cluster through Akka.Management cluster bootstrap (config,
    /// kubernetes).</summary>
    public static bool UsesBootstrap(this ClusterDiscovery discovery) => discovery != ClusterDiscovery.Seeds;
}
