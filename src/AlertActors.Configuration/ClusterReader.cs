namespace AlertActors.Configuration;

/// <summary>
/// Reads <c>alertactors.cluster</c>: the remoting address, how the node finds the others (<c>discovery</c>), and the
/// bootstrap settings that config and kubernetes discovery use. Contradictions are problems: seed nodes with bootstrap
/// (Akka.Management's bootstrap would give up and the node would only try the seeds), config discovery without
/// endpoints, one port for remoting and management.
/// </summary>
internal static class ClusterReader
{
    public static ClusterSettings Read(SettingsReader.SettingKeys keys, ConfigProblems problems)
    {
        var discoveryText = keys.String("cluster.discovery");
        if (!ClusterDiscoveryNames.ByName.TryGetValue(discoveryText, out var discovery))
            problems.Add($"alertactors.cluster.discovery: \"{discoveryText}\" is not one of seeds, config, kubernetes");
        var port = keys.Int("cluster.port", 0, 65535, "a port number from 0 to 65535 (0 = any free port)");
        var seeds = keys.HostPorts("cluster.seeds", "seeds", ReferenceConfig.Int("cluster.port"));
        var bootstrap = new BootstrapSettings(
            keys.Int(
                "cluster.management.port",
                1,
                65535,
                "a port number from 1 to 65535 (other nodes probe it, so it cannot be chosen by the OS)"
            ),
            keys.NonEmpty("cluster.bootstrap.service-name"),
            keys.Positive("cluster.bootstrap.required-contact-points"),
            keys.HostPorts("cluster.bootstrap.endpoints", "endpoints", ReferenceConfig.Int("cluster.management.port"))
        )
        {
            Kubernetes = new KubernetesApiSettings(
                keys.NonEmpty("cluster.kubernetes.pod-label-selector"),
                keys.NonEmpty("cluster.kubernetes.management-port-name"),
                keys.String("cluster.kubernetes.pod-namespace"),
                keys.NonEmpty("cluster.kubernetes.pod-namespace-path"),
                keys.NonEmpty("cluster.kubernetes.api-token-path"),
                keys.NonEmpty("cluster.kubernetes.api-ca-path")
            ),
        };

        if (discovery.UsesBootstrap())
        {
            if (seeds.Count > 0)
                problems.Add(
                    $"alertactors.cluster.seeds: must be empty with discovery = {discovery.ToName()}: cluster bootstrap finds the nodes "
                        + "(Akka.Management gives up bootstrapping when seed nodes are set); seeds belong to discovery = seeds"
                );
            if (bootstrap.ManagementPort == port)
                problems.Add(
                    $"alertactors.cluster.management.port: {port} is also the remoting port (alertactors.cluster.port); give each its own"
                );
        }
        if (discovery == ClusterDiscovery.Config && bootstrap.Endpoints.Count == 0)
            problems.Add(
                "alertactors.cluster.bootstrap.endpoints: discovery = config needs every node's management host:port "
                    + "(e.g. \"alertactors-1:8558,alertactors-2:8558,alertactors-3:8558\")"
            );

        return new ClusterSettings(keys.String("cluster.hostname"), port, seeds, keys.String("cluster.public-hostname"))
        {
            Discovery = discovery,
            Bootstrap = bootstrap,
        };
    }
}
