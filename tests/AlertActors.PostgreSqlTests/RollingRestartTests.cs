using System.Collections.Concurrent;
using System.Diagnostics;
using AlertActors.TestSupport;
using Xunit.Abstractions;

namespace AlertActors.PostgreSqlTests;

/// <summary>
/// A rolling restart as Kubernetes runs one (the cluster formed through the Kubernetes API): one node at a time gets
/// SIGTERM, leaves, and starts again at its address, joining the running cluster through bootstrap, while a steady
/// Kafka stream keeps coming. Nothing is lost (every event counted once), each alert is one incident (one trigger
/// delivery per provider, and every call to the provider recorded as an attempt of it), and each stopping node hands
/// its shards over cleanly.
/// </summary>
public sealed class RollingRestartTests(ITestOutputHelper output)
{
    private const int Keys = 30;
    private const int EventsPerSecond = 20;
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);

    private static string Subject(int key) => $"rolling-host-{key}";

    private static string DedupKey(int key) => $"default:health.check.failed:{Subject(key)}";

    [PostgreSqlFact]
    public async Task A_rolling_restart_under_a_steady_stream_loses_nothing_pages_each_alert_once_and_hands_shards_over()
    {
        await using var api = await KubernetesApiStub.StartAsync();
        await using var cluster = await ThreeNodeCluster.StartAsync("", ClusterLayout.Kubernetes(api));
        var clock = Stopwatch.StartNew();
        var produced = new ConcurrentDictionary<int, int>();
        using var stop = new CancellationTokenSource();
        try
        {
            using var kafka = new KafkaTestClient(cluster.Broker.BootstrapServers);
            var stream = Task.Run(async () =>
            {
                var started = Stopwatch.StartNew();
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var wait = TimeSpan.FromSeconds((double)i / EventsPerSecond) - started.Elapsed;
                    if (wait > TimeSpan.Zero)
                        await Task.Delay(wait);
                    var key = i % Keys;
                    await kafka.ProduceAsync(
                        "infra-events",
                        new
                        {
                            id = $"rolling-{i}",
                            source = "health-checker",
                            type = "health.check.failed",
                            subject = Subject(key),
                            severity = "critical",
                        },
                        key: Subject(key)
                    );
                    produced.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
            });

            foreach (var index in new[] { 1, 2, 0 })
            {
                var observer = cluster.Nodes[(index + 1) % 3].Http;
                var address = cluster.AddressOf(index);
                await Eventually.HoldsAsync(
                    async () => (await ClusterApi.ShardsPerNodeAsync(observer)).GetValueOrDefault(address).Shards > 0,
                    Within,
                    $"node {index + 1} never hosted a shard of the stream's alerts"
                );

                var before = cluster.Nodes[index].Output.Length;
                var exit = await cluster.Nodes[index].StopGracefullyAsync(TimeSpan.FromSeconds(60));
                var stopping = cluster.Nodes[index].Output[before..];
                Assert.True(exit == 0, $"node {index + 1} exited with {exit}:\n{stopping}");
                var errors = ThreeNodeCluster.ErrorsIn(stopping);
                Assert.True(
                    errors.Count == 0,
                    $"node {index + 1} logged errors while stopping:\n" + string.Join("\n", errors)
                );
                // Handed over: the others see two Up members, nobody unreachable, and the left node's region is gone
                // from the shard stats while the stream keeps its alerts busy on the survivors.
                await Eventually.HoldsAsync(
                    async () =>
                    {
                        var view = await ClusterApi.GetJsonAsync(observer, "/api/v1/cluster");
                        var shards = await ClusterApi.ShardsPerNodeAsync(observer);
                        return (await ClusterApi.UpMembersAsync(observer)).Count == 2
                            && view["unreachable"]!.AsArray().Count == 0
                            && !shards.ContainsKey(address)
                            && shards.Values.Sum(s => s.Shards) > 0;
                    },
                    Within,
                    $"the survivors never took over node {index + 1}'s shards"
                );
                output.WriteLine(
                    $"{clock.Elapsed.TotalSeconds:0.0}s: node {index + 1} left and its shards moved; {produced.Values.Sum()} events sent"
                );

                await cluster.RestartAsync(index);
                await Eventually.HoldsAsync(
                    async () => (await ClusterApi.UpMembersAsync(observer)).Count == 3,
                    Within,
                    $"node {index + 1} never rejoined"
                );
                Assert.DoesNotContain("Initiating new cluster, self-joining", cluster.Nodes[index].Output);
                output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: node {index + 1} back");
            }
            await stop.CancelAsync();
            await stream;
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: stream stopped after {produced.Values.Sum()} events");

            // Nothing lost, nothing counted twice: every key has exactly as many occurrences as events were sent for
            // it.
            var node1 = cluster.Nodes[0].Http;
            await Eventually.HoldsAsync(
                async () =>
                {
                    for (var key = 0; key < Keys; key++)
                        if (
                            (await AlertApi.TryGetAsync(node1, DedupKey(key)))?["occurrences"]?.GetValue<long>()
                            != produced[key]
                        )
                            return false;
                    return true;
                },
                TimeSpan.FromSeconds(90),
                "not every event sent was counted exactly once"
            );
            await Eventually.HoldsAsync(
                async () =>
                {
                    for (var key = 0; key < Keys; key++)
                        if (!AlertApi.AllDelivered(await AlertApi.TryGetAsync(node1, DedupKey(key)), expected: 2))
                            return false;
                    return true;
                },
                Within,
                "not every alert's trigger was delivered to both providers"
            );

            // One incident per alert, and no call that the journal does not know of: every dedup key triggered, each
            // alert with exactly one trigger delivery per provider (checked above), and as many PagerDuty calls for it
            // as that delivery records attempts. A stopping node's alert journals the outcome of a call in flight
            // before its shard moves (GracefulStopTests); a call repeated without a recorded attempt would be an
            // outcome lost in a hand-off.
            var calls = cluster
                .Providers.PagerDutyCalls.GroupBy(c => ProviderStubs.BodyOf(c)["dedup_key"]!.GetValue<string>())
                .ToDictionary(g => g.Key, g => g.ToList());
            Assert.Equal(Enumerable.Range(0, Keys).Select(DedupKey).Order(), calls.Keys.Order());
            var startedAt = DateTime.UtcNow - clock.Elapsed;
            var unrecorded = new List<string>();
            foreach (var (key, keyCalls) in calls)
            {
                var alert = await AlertApi.TryGetAsync(node1, key);
                var attempts = alert!["deliveries"]!
                    .AsArray()
                    .Single(d => d!["provider"]!.GetValue<string>() == "pagerduty")!["attempts"]!.GetValue<int>();
                if (keyCalls.Count == attempts)
                    continue;
                unrecorded.Add(
                    $"{key}: {keyCalls.Count} calls at "
                        + string.Join(
                            ", ",
                            keyCalls.Select(c =>
                                $"{(c.RequestMessage.DateTime.ToUniversalTime() - startedAt).TotalSeconds:0.0}s"
                            )
                        )
                        + $", {attempts} attempt(s) recorded"
                );
            }
            Assert.True(
                unrecorded.Count == 0,
                "PagerDuty calls the journal does not record:\n" + string.Join("\n", unrecorded)
            );
            Assert.True(
                cluster.Providers.OpsGenieCalls.Count(e =>
                    e.RequestMessage.Path.EndsWith("/v2/alerts", StringComparison.Ordinal)
                ) >= Keys
            );
        }
        catch
        {
            await stop.CancelAsync();
            output.WriteLine(cluster.Outputs(4000));
            throw;
        }
    }
}
