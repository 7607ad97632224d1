namespace AlertActors.Configuration;

/// <summary>
/// <c>alertactors.cluster.bootstrap</c> and <c>.management</c>: Akka.Management cluster bootstrap, used when
/// <see cref="ClusterSettings.Discovery"/> is config or kubernetes.
/// </summary>
/// <param name="ManagementPort">
/// <c>cluster.management.port</c> (CLUSTER_MANAGEMENT_PORT): the Akka.Management HTTP port, the contact point other
/// nodes probe (<c>GET /bootstrap/seed-nodes</c>). It listens on <see cref="ClusterSettings.Hostname"/> and is reached
/// at
/// <see cref="ClusterSettings.AdvertisedHostname"/>, which must be what discovery returns for this node (the pod IP on
/// Kubernetes).
/// </param>
/// <param name="ServiceName">The service looked up: the config method's service, and <c>{0}</c> in the Kubernetes pod
/// label selector.</param>
/// <param name="RequiredContactPoints">Contact points that must answer before the one with the lowest address forms a
/// new cluster.</param>
/// <param name="Endpoints"><c>bootstrap.endpoints</c> (CLUSTER_BOOTSTRAP_ENDPOINTS): discovery = config, every node's
/// management <c>host:port</c>.</param>
public sealed record BootstrapSettings(
    int ManagementPort,
    string ServiceName,
    int RequiredContactPoints,
    IReadOnlyList<string>? Endpoints = null
)
{
    public IReadOnlyList<string> Endpoints { get; init; } = Endpoints ?? [];

    /// <summary><c>alertactors.cluster.kubernetes</c>: how discovery = kubernetes asks the Kubernetes API for the
    /// pods.</summary>
    public required KubernetesApiSettings Kubernetes { get; init; }
}
