using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Host.Startup;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AlertActors.TestSupport;

/// <summary>
/// One AlertActors node started in-process exactly as Program.cs starts it, on loopback ports chosen by
/// the OS, with its own data directory and HOCON file. Dispose stops it; the data directory stays until
/// <see cref="TestDirectory"/> is disposed, so a second node on the same directory sees the same journal.
/// </summary>
public sealed class TestNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestNode(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    /// <summary>The node's services, for looking at node-local state (e.g. its copy of the silences).</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<TestNode> StartAsync(TestDirectory directory, string hocon)
    {
        var configFile = Path.Combine(directory.Path, $"node-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(
            configFile,
            $$"""
            alertactors {
              data-dir = {{Quote(directory.Path)}}
              cluster.port = 0
            }
            akka.loglevel = WARNING
            {{hocon}}
            """
        );
        var app = AlertActorsHost.Create([
            "--urls",
            "http://127.0.0.1:0",
            "--config",
            configFile,
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        var address = app
            .Services.GetRequiredService<IServer>()
            .Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        var node = new TestNode(app, new Uri(address));
        await node.WaitUntilReadyAsync();
        return node;
    }

    public static string Quote(string value) => JsonSerializer.Serialize(value);

    public async Task<JsonNode> GetJsonAsync(string path) =>
        JsonNode.Parse(await Http.GetStringAsync(path))
        ?? throw new InvalidOperationException($"GET {path} returned no JSON");

    /// <summary>The alert's JSON, or null while it does not exist (404; <see cref="AlertApi.TryGetAsync"/>).</summary>
    public Task<JsonNode?> TryGetAlertAsync(string dedupKey) => AlertApi.TryGetAsync(Http, dedupKey);

    private async Task WaitUntilReadyAsync()
    {
        await Eventually.HoldsAsync(
            async () =>
            {
                using var response = await Http.GetAsync("/readyz");
                return response.IsSuccessStatusCode;
            },
            TimeSpan.FromSeconds(60),
            "node never became ready (/readyz)"
        );
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
