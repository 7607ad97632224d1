using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace AlertActors.PostgreSqlTests;

/// <summary>
/// The part of the Kubernetes API that Akka.Discovery.KubernetesApi uses, over HTTPS on 127.0.0.1: <c>GET
/// /api/v1/namespaces/{namespace}/pods?labelSelector=k=v[,k=v]</c> answers a PodList of the registered pods whose
/// labels match, only with the service-account token as a bearer token and only for its namespace. Its certificate (for
/// IP 127.0.0.1) is signed by a CA made for the test; the CA, the token and the namespace are files in
/// <see cref="Directory"/>, where a pod has them under /var/run/secrets/kubernetes.io/serviceaccount.
/// </summary>
public sealed class KubernetesApiStub : IAsyncDisposable
{
    public const string Namespace = "alertactors-test";
    public const string AppLabel = "app.kubernetes.io/name";
    private readonly TestDirectory _directory = new();
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Pod> _pods = new();

    /// <summary>A running pod as the API lists it: its IP and the container ports the node listens on.</summary>
    public sealed record Pod(string Name, string Ip, int ManagementPort, int RemotingPort, string App = "alertactors");

    /// <summary>A pods list request as the stub saw it.</summary>
    public sealed record PodsRequest(string Namespace, string LabelSelector, bool Authorized);

    private KubernetesApiStub(WebApplication app) => _app = app;

    public string Token { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public string TokenPath => Path.Combine(_directory.Path, "token");

    public string NamespacePath => Path.Combine(_directory.Path, "namespace");

    public string CaPath => Path.Combine(_directory.Path, "ca.crt");

    public int Port { get; private set; }

    public ConcurrentQueue<PodsRequest> Requests { get; } = new();

    /// <summary>The environment a pod's container has: where the API server is.</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        new Dictionary<string, string>
        {
            ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1",
            ["KUBERNETES_SERVICE_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

    /// <summary>The node's HOCON for <c>discovery = kubernetes</c> against this stub (pods labelled
    /// app.kubernetes.io/name=alertactors).</summary>
    public string Hocon =>
        $$"""
            alertactors.cluster {
              discovery = kubernetes
              kubernetes {
                pod-namespace-path = {{TestNode.Quote(NamespacePath)}}
                api-token-path = {{TestNode.Quote(TokenPath)}}
                api-ca-path = {{TestNode.Quote(CaPath)}}
              }
            }
            """;

    public void AddPod(Pod pod) => _pods[pod.Name] = pod;

    /// <summary>False: the service account has no Role that lets it list pods, and the API answers 403 as Kubernetes'
    /// RBAC does.</summary>
    public bool MayListPods { get; set; } = true;

    public static async Task<KubernetesApiStub> StartAsync()
    {
        var (ca, server) = Certificates();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(
                IPAddress.Loopback,
                0,
                listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(server);
                }
            )
        );
        var stub = new KubernetesApiStub(builder.Build());
        await File.WriteAllTextAsync(stub.CaPath, ca.ExportCertificatePem());
        await File.WriteAllTextAsync(stub.TokenPath, stub.Token);
        await File.WriteAllTextAsync(stub.NamespacePath, Namespace);
        stub._app.MapGet("/api/v1/namespaces/{ns}/pods", (string ns, HttpContext http) => stub.ListPods(ns, http));
        await stub._app.StartAsync();
        stub.Port = new Uri(stub._app.Urls.First()).Port;
        return stub;
    }

    private IResult ListPods(string ns, HttpContext http)
    {
        var selector = http.Request.Query["labelSelector"].ToString();
        var authorized = http.Request.Headers.Authorization.ToString() == $"Bearer {Token}";
        Requests.Enqueue(new PodsRequest(ns, selector, authorized));
        if (!authorized)
            return Results.Json(Status(401, "Unauthorized"), statusCode: 401);
        if (ns != Namespace || !MayListPods)
            return Results.Json(
                Status(
                    403,
                    $"pods is forbidden: User \"system:serviceaccount:{Namespace}:alertactors\" cannot list resource \"pods\" in API group \"\" in the namespace \"{ns}\""
                ),
                statusCode: 403
            );
        var wanted = selector
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(term => term.Split('=', 2))
            .ToList();
        var items = new JsonArray();
        foreach (var pod in _pods.Values.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var labels = new Dictionary<string, string> { [AppLabel] = pod.App, ["pod-template-hash"] = "test" };
            if (wanted.All(term => term.Length == 2 && labels.TryGetValue(term[0], out var value) && value == term[1]))
                items.Add(PodJson(pod, labels));
        }
        return Results.Json(
            new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "PodList",
                ["metadata"] = new JsonObject { ["resourceVersion"] = "1" },
                ["items"] = items,
            }
        );
    }

    private static JsonObject PodJson(Pod pod, Dictionary<string, string> labels) =>
        new()
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = pod.Name,
                ["namespace"] = Namespace,
                ["labels"] = new JsonObject(labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            },
            ["spec"] = new JsonObject
            {
                ["containers"] = new JsonArray(
                    new JsonObject
                    {
                        ["name"] = "alertactors",
                        ["image"] = "alertactors:test",
                        ["ports"] = new JsonArray(
                            new JsonObject
                            {
                                ["name"] = "http",
                                ["containerPort"] = 8080,
                                ["protocol"] = "TCP",
                            },
                            new JsonObject
                            {
                                ["name"] = "remoting",
                                ["containerPort"] = pod.RemotingPort,
                                ["protocol"] = "TCP",
                            },
                            new JsonObject
                            {
                                ["name"] = "management",
                                ["containerPort"] = pod.ManagementPort,
                                ["protocol"] = "TCP",
                            }
                        ),
                    }
                ),
            },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = pod.Ip,
                ["containerStatuses"] = new JsonArray(
                    new JsonObject
                    {
                        ["name"] = "alertactors",
                        ["ready"] = true,
                        ["restartCount"] = 0,
                        ["image"] = "alertactors:test",
                        ["imageID"] = "test",
                        ["state"] = new JsonObject
                        {
                            ["running"] = new JsonObject { ["startedAt"] = "2026-11-29T00:00:00Z" },
                        },
                    }
                ),
            },
        };

    private static JsonObject Status(int code, string message) =>
        new()
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["status"] = "Failure",
            ["message"] = message,
            ["code"] = code,
        };

    /// <summary>A CA made for this test and a server certificate for 127.0.0.1 signed by it (with its key, for
    /// Kestrel).</summary>
    private static (X509Certificate2 Ca, X509Certificate2 Server) Certificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=alertactors-test-kubernetes-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true)
        );
        var now = DateTimeOffset.UtcNow;
        var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=kubernetes", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("kubernetes.default.svc");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(
            new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)
        );
        using var signed = serverRequest.Create(
            ca,
            now.AddMinutes(-5),
            now.AddDays(1),
            RandomNumberGenerator.GetBytes(8)
        );
        using var withKey = signed.CopyWithPrivateKey(serverKey);
        // Kestrel on Linux needs the key in a form it can hand to OpenSSL: round-trip through PKCS#12.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (ca, server);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _directory.Dispose();
    }
}
