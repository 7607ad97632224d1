using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json.Nodes;
using AlertActors.Host.Kafka;
using AlertActors.IntegrationTests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlertActors.PostgreSqlTests;

/// <summary>
/// Three AlertActors node processes on 127.0.0.1 forming one cluster: fixed remoting ports (node 1 is the seed),
/// one PostgreSQL database, one Kafka broker in the test, the same provider stubs, and a data dir each.
/// Failure detection and the split-brain resolver are shortened so a crashed node is downed within seconds.
/// </summary>
public sealed class ThreeNodeCluster : IAsyncDisposable
{
    private readonly TestDirectory[] _directories = [new(), new(), new()];
    private readonly int[] _ports;
    private readonly string _extraHocon;

    private ThreeNodeCluster(string extraHocon)
    {
        _extraHocon = extraHocon;
        _ports = FreePorts(3);
    }

    public ProviderStubs Providers { get; } = new();

    public PostgreSqlDatabase Database { get; } = new();

    public EmbeddedKafkaBroker Broker { get; } = EmbeddedKafkaBroker.Start(["infra-events", "infra-events.dlq"], NullLogger.Instance);

    public NodeProcess[] Nodes { get; } = new NodeProcess[3];

    /// <summary>The akka.tcp address of node <paramref name="index"/> (0-based), as /api/v1/cluster shows it.</summary>
    public string AddressOf(int index) => $"akka.tcp://alertactors@127.0.0.1:{_ports[index]}";

    public static async Task<ThreeNodeCluster> StartAsync(string extraHocon)
    {
        var cluster = new ThreeNodeCluster(extraHocon);
        try
        {
            cluster.Nodes[0] = await NodeProcess.StartAsync(cluster._directories[0], cluster.HoconFor(0));
            var rest = await Task.WhenAll(
                NodeProcess.StartAsync(cluster._directories[1], cluster.HoconFor(1)),
                NodeProcess.StartAsync(cluster._directories[2], cluster.HoconFor(2)));
            cluster.Nodes[1] = rest[0];
            cluster.Nodes[2] = rest[1];
            await Eventually.HoldsAsync(async () => (await UpMembersAsync(cluster.Nodes[0].Http)).Count == 3,
                TimeSpan.FromSeconds(60), "node 1 never saw 3 Up members");
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    private string HoconFor(int index) => Providers.Hocon + $$"""

        alertactors.cluster { port = {{_ports[index]}}, seeds = "127.0.0.1:{{_ports[0]}}" }
        alertactors.persistence { provider = postgresql, connection-string = {{TestNode.Quote(Database.ConnectionString)}} }
        alertactors.kafka { bootstrap-servers = {{TestNode.Quote(Broker.BootstrapServers)}}, commit-interval = 200ms }
        akka.cluster.split-brain-resolver.stable-after = 5s
        akka.cluster.failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 3s }
        {{_extraHocon}}
        """;

    public static async Task<JsonNode> GetJsonAsync(HttpClient http, string path) =>
        JsonNode.Parse(await http.GetStringAsync(path)) ?? throw new InvalidOperationException($"GET {path} returned no JSON");

    /// <summary>Addresses of the members this node sees Up and reachable.</summary>
    public static async Task<IReadOnlyList<string>> UpMembersAsync(HttpClient http)
    {
        var cluster = await GetJsonAsync(http, "/api/v1/cluster");
        return cluster["members"]!.AsArray()
            .Where(m => m!["status"]!.GetValue<string>() == "up" && m["reachable"]!.GetValue<bool>())
            .Select(m => m!["address"]!.GetValue<string>())
            .ToList();
    }

    /// <summary>Shards and entities of the alert region per node address, from GET /api/v1/cluster on <paramref name="http"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, (int Shards, int Entities)>> ShardsPerNodeAsync(HttpClient http)
    {
        var cluster = await GetJsonAsync(http, "/api/v1/cluster");
        var region = cluster["shard_regions"]!.AsArray().Single()!;
        if (region["error"] is { } error && error.GetValue<string?>() is { Length: > 0 } message)
            throw new InvalidOperationException($"shard stats failed: {message}");
        return region["nodes"]!.AsArray().ToDictionary(
            n => n!["address"]!.GetValue<string>(),
            n => (n!["shards"]!.GetValue<int>(), n["entities"]!.GetValue<int>()));
    }

    public static async Task PostCriticalAsync(HttpClient http, string id, string subject)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/events", new
        {
            id, source = "health-checker", type = "health.check.failed", subject, severity = "critical",
        });
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new Xunit.Sdk.XunitException($"POST event {id} returned {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>SIGTERM to the node process: the host stops, Akka's coordinated shutdown leaves the cluster.</summary>
    public static async Task<int> TerminateAsync(NodeProcess node, TimeSpan within)
    {
        var process = ProcessOf(node);
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString()]) { UseShellExecute = false })!)
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode;
    }

    public static bool HasExited(NodeProcess node) => ProcessOf(node).HasExited;

    // NodeProcess is shared with the integration tests and keeps its Process private; the graceful stop needs its pid.
    private static Process ProcessOf(NodeProcess node) =>
        (Process)typeof(NodeProcess).GetField("_process", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(node)!;

    /// <summary>Everything all nodes printed, for failure messages (trimmed to the tail of each).</summary>
    public string Outputs(int tailChars = 6000) => string.Join("\n", Nodes.Select((n, i) =>
    {
        var output = n?.Output ?? "(not started)";
        return $"===== node {i + 1} ({AddressOf(i)}) =====\n{(output.Length > tailChars ? "…" + output[^tailChars..] : output)}";
    }));

    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            if (node is not null) await node.DisposeAsync();
        Broker.Dispose();
        Providers.Dispose();
        Database.Dispose();
        foreach (var directory in _directories) directory.Dispose();
    }
}
