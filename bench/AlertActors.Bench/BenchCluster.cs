using AlertActors.Host.Kafka;
using AlertActors.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlertActors.Bench;

/// <summary>
/// Three (or more) node processes on 127.0.0.1 forming one cluster: fixed remoting ports with node 1 as the seed,
/// one PostgreSQL database (<see cref="PostgreSqlDatabase"/>, shared with the PostgreSQL tests), one embedded Kafka
/// broker in the bench process that every node consumes in the same group, and a data dir each. Failure detection, the
/// split-brain resolver and the Kafka group session are shortened so a crashed node is downed, and its partitions
/// reassigned, within seconds (as in tests/AlertActors.PostgreSqlTests/ThreeNodeCluster.cs).
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    public const string Topic = "infra-events";
    public const string DeadLetterTopic = Topic + ".dlq";
    public const string Group = "alertactors";

    private readonly int[] _ports;
    private readonly string[] _dataDirs;
    private readonly string _hocon;
    private readonly bool _keepDatabase;

    private BenchCluster(int nodes, string hocon, bool keepDatabase)
    {
        _hocon = hocon;
        _keepDatabase = keepDatabase;
        _ports = NodeProcess.FreePorts(nodes);
        var root = Path.Combine(Path.GetTempPath(), "alertactors-bench", Guid.NewGuid().ToString("N"));
        _dataDirs = Enumerable.Range(1, nodes).Select(i => Path.Combine(root, $"node{i}")).ToArray();
        Nodes = new NodeProcess?[nodes];
    }

    public PostgreSqlDatabase Database { get; } = new();

    public EmbeddedKafkaBroker Broker { get; } =
        EmbeddedKafkaBroker.Start([Topic, DeadLetterTopic], NullLogger.Instance);

    /// <summary>The node processes by index (node 1 = index 0); a killed node stays here (HasExited) until
    /// restarted.</summary>
    public NodeProcess?[] Nodes { get; }

    /// <summary>The akka.tcp address of node <paramref name="index"/> (0-based), as /api/v1/cluster shows it.</summary>
    public string AddressOf(int index) => $"akka.tcp://alertactors@127.0.0.1:{_ports[index]}";

    /// <summary>The nodes that are running.</summary>
    public IEnumerable<NodeProcess> Running => Nodes.Where(n => n is { HasExited: false }).Select(n => n!);

    /// <summary>
    /// Starts every node (all at once: the non-seeds keep trying to join until the seed is up) and waits for them all
    /// Up and for their alert shard regions to be registered with the coordinator.
    /// </summary>
    /// <param name="keepDatabase">Leave the database (journal, read model) in place afterwards, for a post-mortem; its
    /// name is printed.</param>
    public static async Task<BenchCluster> StartAsync(string hocon, int nodes = 3, bool keepDatabase = false)
    {
        var cluster = new BenchCluster(nodes, hocon, keepDatabase);
        try
        {
            KafkaGroupTuning.Shorten(
                cluster.Broker,
                sessionTimeout: TimeSpan.FromSeconds(4),
                heartbeatInterval: TimeSpan.FromMilliseconds(500)
            );
            var starting = Enumerable
                .Range(0, nodes)
                .Select(i =>
                    BenchNode.StartAsync(cluster._dataDirs[i], cluster.HoconFor(i, seeds: [0]), cluster._ports[i])
                )
                .ToList();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                // Whatever started is the cluster's to dispose, also when another node failed to start.
                for (var i = 0; i < nodes; i++)
                    if (starting[i].IsCompletedSuccessfully)
                        cluster.Nodes[i] = starting[i].Result;
            }
            await cluster.WaitForUpMembersAsync(nodes, TimeSpan.FromSeconds(60));
            await cluster.WaitForShardRegionsAsync(nodes, TimeSpan.FromSeconds(60));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>SIGKILL to node <paramref name="index"/>: no shutdown, no leave, uncommitted Kafka offsets and
    /// in-flight asks lost.</summary>
    public async Task KillAsync(int index)
    {
        if (Nodes[index] is { } node)
            await node.KillAsync();
    }

    /// <summary>Starts node <paramref name="index"/> again on its port and data dir, joining through the nodes that are
    /// up.</summary>
    public async Task RestartAsync(int index)
    {
        if (Nodes[index] is { } old)
            await old.DisposeAsync();
        Nodes[index] = null;
        var seeds = Enumerable
            .Range(0, Nodes.Length)
            .Where(i => i != index && Nodes[i] is { HasExited: false })
            .ToArray();
        Nodes[index] = await BenchNode.StartAsync(_dataDirs[index], HoconFor(index, seeds), _ports[index]);
    }

    /// <summary>Waits until every running node sees <paramref name="count"/> members Up and reachable.</summary>
    public async Task WaitForUpMembersAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var views = await Task.WhenAll(Running.Select(n => UpMembersAsync(n.Http)));
            if (views.All(v => v.Count == count))
                return;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(
                    $"the nodes did not all see {count} Up members within {within.TotalSeconds:0} s (saw {string.Join(", ", views.Select(v => v.Count))})"
                );
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Waits until the alert shard coordinator knows <paramref name="count"/> regions (GET /api/v1/cluster lists them,
    /// with or without shards). Up members are not enough: a region that has not registered yet gets no shards, so
    /// right after the start every alert would live on node 1.
    /// </summary>
    public async Task WaitForShardRegionsAsync(int count, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var seen = 0;
        while (true)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                seen = (await ClusterApi.ShardsPerNodeAsync(Running.First().Http, timeout.Token)).Count;
                if (seen >= count)
                    return;
            }
            catch (Exception ex)
                when (ex
                        is HttpRequestException
                            or TaskCanceledException
                            or NullReferenceException
                            or InvalidOperationException
                ) { }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException(
                    $"the shard coordinator knew {seen} of {count} alert regions after {within.TotalSeconds:0} s"
                );
            await Task.Delay(500);
        }
    }

    /// <summary>Addresses of the members this node sees Up and reachable (none when it does not answer).</summary>
    public static async Task<IReadOnlyList<string>> UpMembersAsync(HttpClient http)
    {
        try
        {
            return await ClusterApi.UpMembersAsync(http);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return [];
        }
    }

    /// <summary>The last lines every node printed, for a failure report.</summary>
    public string OutputTails(int chars = 3000) =>
        string.Join(
            "\n",
            Nodes.Select(
                (n, i) =>
                {
                    return $"===== node {i + 1} ({AddressOf(i)}) =====\n{n?.OutputTail(chars) ?? "(not running)"}";
                }
            )
        );

    private string HoconFor(int index, IEnumerable<int> seeds) =>
        $$"""
            alertactors.cluster.seeds = "{{string.Join(",", seeds.Select(s => $"127.0.0.1:{_ports[s]}"))}}"
            alertactors.persistence { provider = postgresql, connection-string = "{{Database.ConnectionString}}" }
            alertactors.kafka { bootstrap-servers = "{{Broker.BootstrapServers}}", commit-interval = 200ms }
            akka.cluster.split-brain-resolver.stable-after = 4s
            akka.cluster.failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 3s }
            {{_hocon}}
            """;

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            if (node is not null)
                await node.DisposeAsync();
        Broker.Dispose();
        if (_keepDatabase)
            Console.WriteLine($"database kept for a post-mortem: {Database.ConnectionString}");
        else
            Database.Dispose();
        var root = Path.GetDirectoryName(_dataDirs[0])!;
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException) { }
    }
}
