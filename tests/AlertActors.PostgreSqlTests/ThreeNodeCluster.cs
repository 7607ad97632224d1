using AlertActors.Host.Kafka;
using AlertActors.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AlertActors.PostgreSqlTests;

/// <summary>
/// AlertActors node processes forming one cluster (three at start, more on request): one PostgreSQL database, one Kafka
/// broker in the test, the same provider stubs, and a data dir each. How they find each other is the
/// <see cref="ClusterLayout"/>: seed nodes on 127.0.0.1 (node 1 is the seed), or cluster bootstrap with each node on
/// its own loopback address (127.0.0.2, .3, ...). Failure detection and the split-brain resolver are shortened so a
/// crashed node is downed within seconds, and cluster bootstrap's timings so a cluster forms in a few.
/// </summary>
public sealed class ThreeNodeCluster : IAsyncDisposable
{
    private const int StartingNodes = 3;
    private readonly List<TestDirectory> _directories = [];
    private readonly List<int> _ports = [];
    private readonly List<int> _managementPorts = [];
    private readonly string _extraHocon;

    private ThreeNodeCluster(string extraHocon, ClusterLayout layout)
    {
        _extraHocon = extraHocon;
        Layout = layout;
        Reserve(StartingNodes);
    }

    public ClusterLayout Layout { get; }

    public ProviderStubs Providers { get; } = new();

    public PostgreSqlDatabase Database { get; } = new();

    public EmbeddedKafkaBroker Broker { get; } =
        EmbeddedKafkaBroker.Start(["infra-events", "infra-events.dlq"], NullLogger.Instance);

    /// <summary>The node processes by index (node 1 is index 0); a restarted node replaces its entry.</summary>
    public List<NodeProcess> Nodes { get; } = [];

    /// <summary>The akka.tcp address of node <paramref name="index"/> (0-based), as /api/v1/cluster shows it.</summary>
    public string AddressOf(int index) => $"akka.tcp://alertactors@{Layout.HostOf(index)}:{_ports[index]}";

    /// <summary>The management (cluster bootstrap contact point) port of node <paramref name="index"/>.</summary>
    public int ManagementPortOf(int index) => _managementPorts[index];

    public int RemotingPortOf(int index) => _ports[index];

    public static Task<ThreeNodeCluster> StartAsync(string extraHocon) => StartAsync(extraHocon, ClusterLayout.Seeds);

    /// <summary>Starts three nodes as <paramref name="layout"/> says and waits until node 1 sees three Up
    /// members.</summary>
    public static async Task<ThreeNodeCluster> StartAsync(string extraHocon, ClusterLayout layout)
    {
        var cluster = new ThreeNodeCluster(extraHocon, layout);
        try
        {
            if (layout.SeedFirst)
            {
                cluster.Nodes.Add(await cluster.StartProcessAsync(0));
                cluster.Nodes.AddRange(await Task.WhenAll(cluster.StartProcessAsync(1), cluster.StartProcessAsync(2)));
            }
            else
            {
                cluster.Nodes.AddRange(
                    await Task.WhenAll(Enumerable.Range(0, StartingNodes).Select(i => cluster.StartProcessAsync(i)))
                );
            }
            await Eventually.HoldsAsync(
                async () => (await ClusterApi.UpMembersAsync(cluster.Nodes[0].Http)).Count == StartingNodes,
                TimeSpan.FromSeconds(60),
                "node 1 never saw 3 Up members"
            );
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>The cluster's broker, database and stubs with no node started yet (<see cref="AddNodeAsync"/> starts
    /// them one by one).</summary>
    public static ThreeNodeCluster WithoutNodes(string extraHocon, ClusterLayout layout) => new(extraHocon, layout);

    /// <summary>Starts one more node (the next index) and returns its index once it is ready (or,
    /// <paramref name="untilReady"/> false, serves HTTP).</summary>
    public async Task<int> AddNodeAsync(bool untilReady = true)
    {
        var index = Nodes.Count;
        Reserve(index + 1);
        Nodes.Add(await StartProcessAsync(index, untilReady));
        return index;
    }

    /// <summary>Starts node <paramref name="index"/> again at its address (after it stopped) and returns once it is
    /// ready.</summary>
    public async Task RestartAsync(int index)
    {
        await Nodes[index].DisposeAsync();
        Nodes[index] = await StartProcessAsync(index);
    }

    private Task<NodeProcess> StartProcessAsync(int index, bool untilReady = true)
    {
        Layout.BeforeStart(this, index);
        return NodeProcess.StartAsync(_directories[index], HoconFor(index), Layout.Environment, untilReady: untilReady);
    }

    private void Reserve(int count)
    {
        while (_directories.Count < count)
            _directories.Add(new TestDirectory());
        var ports = NodeProcess.FreePorts(2 * Math.Max(0, count - _ports.Count));
        for (var i = 0; i < ports.Length; i += 2)
        {
            _ports.Add(ports[i]);
            _managementPorts.Add(ports[i + 1]);
        }
    }

    private string HoconFor(int index) =>
        Providers.Hocon
        + $$"""

            alertactors.cluster { hostname = {{TestNode.Quote(Layout.HostOf(index))}}, port = {{_ports[
                index
            ]}}, management.port = {{_managementPorts[index]}} }
            {{Layout.Hocon(this)}}
            alertactors.persistence { provider = postgresql, connection-string = {{TestNode.Quote(
                Database.ConnectionString
            )}} }
            alertactors.kafka { bootstrap-servers = {{TestNode.Quote(
                Broker.BootstrapServers
            )}}, commit-interval = 200ms }
            akka.cluster.split-brain-resolver.stable-after = 5s
            akka.cluster.failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 3s }
            akka.management.cluster.bootstrap {
              contact-point-discovery { stable-margin = 1s, interval = 500ms, exponential-backoff-max = 2s }
              contact-point { probe-interval = 1s }
            }
            {{_extraHocon}}
            """;

    /// <summary>Each error line of <paramref name="output"/> (<see cref="IsErrorLine"/>) with the lines after it that
    /// belong to it (message, stack).</summary>
    public static IReadOnlyList<string> ErrorsIn(string output)
    {
        var lines = output.Split('\n');
        return lines
            .Select((line, i) => (line, i))
            .Where(l => IsErrorLine(l.line))
            .Select(l =>
                string.Join(
                    "\n",
                    lines.Skip(l.i).Take(1).Concat(lines.Skip(l.i + 1).TakeWhile(next => next.StartsWith(' ')).Take(6))
                )
            )
            .ToList();
    }

    /// <summary>A line a node logged at error level or above, or an unhandled exception.</summary>
    public static bool IsErrorLine(string line) =>
        line.StartsWith("fail:", StringComparison.Ordinal)
        || line.StartsWith("crit:", StringComparison.Ordinal)
        || line.Contains("[ERROR]", StringComparison.Ordinal)
        || line.Contains("Unhandled exception", StringComparison.Ordinal);

    /// <summary>Everything all nodes printed, for failure messages (trimmed to the tail of each).</summary>
    public string Outputs(int tailChars = 6000) =>
        string.Join(
            "\n",
            Nodes.Select(
                (n, i) =>
                {
                    return $"===== node {i + 1} ({AddressOf(i)}) =====\n{n?.OutputTail(tailChars) ?? "(not started)"}";
                }
            )
        );

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            await node.DisposeAsync();
        Broker.Dispose();
        Providers.Dispose();
        Database.Dispose();
        foreach (var directory in _directories)
            directory.Dispose();
    }
}
