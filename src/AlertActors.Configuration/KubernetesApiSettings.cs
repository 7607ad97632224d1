namespace AlertActors.Configuration;

/// <summary>
/// <c>alertactors.cluster.kubernetes</c>: Akka.Discovery.KubernetesApi lists the pods matching
/// <see cref="PodLabelSelector"/> in the pod's namespace through the API server named by KUBERNETES_SERVICE_HOST /
/// KUBERNETES_SERVICE_PORT, with the service-account token; each running pod's IP and its
/// <see cref="ManagementPortName"/> container port is a contact point. The service account needs
/// <c>get, list, watch</c> on <c>pods</c> (deploy/k8s/rbac.yaml).
/// </summary>
/// <param name="PodLabelSelector">A Kubernetes label selector; <c>{0}</c> is replaced by
/// <see cref="BootstrapSettings.ServiceName"/>.</param>
/// <param name="ManagementPortName">The name of the container port that carries the management endpoint.</param>
/// <param name="PodNamespace">The namespace to list; empty = the one in <see cref="PodNamespacePath"/>.</param>
/// <param name="ApiCaPath">PEM file of the CA that signed the API server's certificate.</param>
public sealed record KubernetesApiSettings(
    string PodLabelSelector,
    string ManagementPortName,
    string PodNamespace,
    string PodNamespacePath,
    string ApiTokenPath,
    string ApiCaPath
);
