using System.Net;
using Akka.Actor;
using AlertActors.Configuration;
using AlertActors.Formation;

namespace AlertActors.Host.Startup;

/// <summary>
/// The node's Akka.Management endpoint when the cluster forms through bootstrap (<c>discovery = config |
/// kubernetes</c>): a Kestrel listener of its own on <c>alertactors.cluster.hostname</c>:<c>management.port</c> that
/// answers cluster bootstrap's probe,
/// <c>GET /bootstrap/seed-nodes</c> (<see cref="BootstrapContactPoint"/>), and nothing else (404). Unauthenticated,
/// like Akka.Management's own: it shows member addresses only; keep it on the pod network next to the remoting port.
/// </summary>
public sealed class ManagementEndpoint(
    ClusterSettings cluster,
    IServiceProvider services,
    ILogger<ManagementEndpoint> logger
) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <exception cref="IOException">The management port cannot be bound (the start-up check normally refuses the node
    /// first).</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var address = IPAddress.TryParse(cluster.Hostname, out var literal)
            ? literal
            : (await Dns.GetHostAddressesAsync(cluster.Hostname, cancellationToken))[0];
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, cluster.Bootstrap.ManagementPort));
        _app = builder.Build();
        _app.MapGet(
            BootstrapContactPoint.SeedNodesPath,
            () =>
                Results.Text(
                    BootstrapContactPoint.SeedNodesJson(services.GetRequiredService<ActorSystem>()),
                    "application/json"
                )
        );
        await _app.StartAsync(cancellationToken);
        logger.LogInformation(
            "Cluster bootstrap contact point on http://{Host}:{Port}{Path} ({Discovery} discovery)",
            cluster.AdvertisedHostname,
            cluster.Bootstrap.ManagementPort,
            BootstrapContactPoint.SeedNodesPath,
            cluster.Discovery.ToName()
        );
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
            await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }
}
