using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Akka.Actor;
using Akka.Configuration;
using Akka.Discovery;
using Akka.Event;
using k8s;
using k8s.Authentication;
using k8s.Autorest;
using k8s.Models;

namespace AlertActors.Formation;

/// <summary>
/// Akka.Discovery over the Kubernetes API (<c>discovery = kubernetes</c>): <c>GET
/// /api/v1/namespaces/{namespace}/pods?labelSelector=...</c> through KubernetesClient, with the service-account token
/// (re-read as it rotates) and the CA in <c>api-ca-path</c>. Each running pod that is not being deleted and has an IP
/// is a contact point: its IP and the container port named like the lookup's port name.
/// <para>
/// This is the lookup of Akka.Discovery.KubernetesApi, which cannot run with the packages served here: its 1.5.73 build
/// calls a
/// <c>V1PodList</c> constructor that KubernetesClient 19 (the oldest version served) no longer has, so every lookup
/// fails with MissingMethodException; and it hands <c>api-ca-path</c> to the client as a client certificate, which the
/// client ignores. Cluster bootstrap (Akka.Management) uses this class as its <c>akka.discovery</c> method like any
/// other.
/// </para>
/// </summary>
public sealed class KubernetesApiDiscovery : ServiceDiscovery
{
    /// <summary>The <c>akka.discovery</c> method name; its settings are under
    /// <c>akka.discovery.alertactors-kubernetes</c>.</summary>
    public const string Method = "alertactors-kubernetes";

    public const string HostVariable = "KUBERNETES_SERVICE_HOST";
    public const string PortVariable = "KUBERNETES_SERVICE_PORT";

    private readonly ILoggingAdapter _log;
    private readonly Kubernetes? _client;
    private readonly string _unavailable = "";
    private readonly string _namespace;
    private readonly string _labelSelector;

    /// <param name="config">
    /// <c>pod-label-selector</c> (<c>{0}</c> = the looked-up service name), <c>pod-namespace</c> (empty: the content of
    /// <c>pod-namespace-path</c>, else <c>default</c>), <c>api-token-path</c>, <c>api-ca-path</c>. The API server is
    /// https://KUBERNETES_SERVICE_HOST:KUBERNETES_SERVICE_PORT, as Kubernetes sets them in every container.
    /// </param>
    public KubernetesApiDiscovery(ExtendedActorSystem system, Config config)
    {
        _log = Logging.GetLogger(system, typeof(KubernetesApiDiscovery));
        _labelSelector = config.GetString("pod-label-selector", "app.kubernetes.io/name={0}");
        _namespace = NamespaceOf(config.GetString("pod-namespace", ""), config.GetString("pod-namespace-path", ""));
        var host = Environment.GetEnvironmentVariable(HostVariable);
        var port = Environment.GetEnvironmentVariable(PortVariable);
        if (
            string.IsNullOrWhiteSpace(host)
            || !int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var portNumber)
        )
        {
            _unavailable =
                $"{HostVariable} and {PortVariable} do not name the Kubernetes API server (is this node running in a pod?)";
            _log.Error("Kubernetes discovery unavailable: {0}", _unavailable);
            return;
        }
        var caPath = config.GetString("api-ca-path", "");
        _client = new Kubernetes(
            new KubernetesClientConfiguration
            {
                Host = new UriBuilder(Uri.UriSchemeHttps, host.Trim(), portNumber).Uri.ToString(),
                TokenProvider = new TokenFileAuth(config.GetString("api-token-path", "")),
                SslCaCerts = File.Exists(caPath) ? CaCertificates(caPath) : null,
            }
        );
        if (!File.Exists(caPath))
            _log.Warning(
                "Kubernetes discovery: no CA at {0}; the API server's certificate is checked against the system's trust store",
                caPath
            );
    }

    /// <summary>The contact points: running pods matching the label selector, with the port named
    /// <see cref="Lookup.PortName"/> when one is asked for.</summary>
    /// <exception cref="InvalidOperationException">The API server is not configured, refused the request (RBAC, token)
    /// or did not answer in time.</exception>
    public override async Task<Resolved> Lookup(Lookup lookup, TimeSpan resolveTimeout)
    {
        if (_client is null)
            throw new InvalidOperationException(_unavailable);
        var selector = string.Format(CultureInfo.InvariantCulture, _labelSelector, lookup.ServiceName);
        using var timeout = new CancellationTokenSource(resolveTimeout);
        V1PodList pods;
        try
        {
            pods = await _client
                .CoreV1.ListNamespacedPodAsync(_namespace, labelSelector: selector, cancellationToken: timeout.Token)
                .ConfigureAwait(false);
        }
        catch (HttpOperationException ex)
        {
            var hint = ex.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                ? " (the pod's service account needs get/list/watch on pods in this namespace: deploy/k8s/rbac.yaml)"
                : "";
            throw new InvalidOperationException(
                $"the Kubernetes API answered {(int)ex.Response.StatusCode} to listing pods [{selector}] in {_namespace}{hint}",
                ex
            );
        }
        catch (OperationCanceledException ex)
        {
            throw new InvalidOperationException(
                $"the Kubernetes API did not list pods [{selector}] in {_namespace} within {resolveTimeout.TotalSeconds:0.#} s",
                ex
            );
        }
        var targets = Targets(pods, lookup.PortName).ToList();
        if (targets.Count == 0)
            _log.Warning(
                "Kubernetes discovery: no running pod with label selector [{0}] in namespace [{1}] has a port named [{2}]",
                selector,
                _namespace,
                lookup.PortName
            );
        return new Resolved(lookup.ServiceName, targets);
    }

    /// <summary>Running pods with an IP (not being deleted); with <paramref name="portName"/>, only those with a
    /// container port of that name.</summary>
    public static IEnumerable<ResolvedTarget> Targets(V1PodList pods, string? portName)
    {
        foreach (var pod in pods.Items ?? [])
        {
            if (
                pod.Metadata?.DeletionTimestamp is not null
                || pod.Status?.Phase != "Running"
                || !IPAddress.TryParse(pod.Status.PodIP, out var ip)
            )
                continue;
            int? port = null;
            if (!string.IsNullOrEmpty(portName))
            {
                port = pod
                    .Spec?.Containers?.SelectMany(c => c.Ports ?? [])
                    .FirstOrDefault(p => p.Name == portName)
                    ?.ContainerPort;
                if (port is null)
                    continue;
            }
            yield return new ResolvedTarget(pod.Status.PodIP, port, ip);
        }
    }

    private static X509Certificate2Collection CaCertificates(string pemPath)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(pemPath);
        return certificates;
    }

    private static string NamespaceOf(string configured, string path)
    {
        if (configured.Trim().Length > 0)
            return configured.Trim();
        try
        {
            return File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } fromFile
                ? fromFile
                : "default";
        }
        catch (IOException)
        {
            return "default";
        }
    }
}
