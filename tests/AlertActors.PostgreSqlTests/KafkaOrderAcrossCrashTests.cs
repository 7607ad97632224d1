using System.Diagnostics;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;
using Xunit.Abstractions;

namespace AlertActors.PostgreSqlTests;

/// <summary>
/// Found by the chaos bench (bench/AlertActors.Bench, ChaosScenario): per-key order from Kafka is lost when a node
/// hosting alert shards is killed mid-stream. The asks the survivors' consumers sent to shards on the dead node are
/// lost; each times out after 15 s and KafkaMessageProcessor retries every message on its own, while later messages of
/// the same key are already in flight. Which retry reaches the re-homed alert first depends on timers and the thread
/// pool (and on whether a retry still went to the dead node before it was downed), not on the offsets, so a resolve
/// can be applied before the trigger that preceded it: the alert misses a firing period, or ends resolved although the
/// key's last event was a trigger (and PagerDuty is told so).
/// The stream: every key gets trigger, trigger, resolve, trigger, trigger, resolve, …; a node is killed while it runs.
/// </summary>
public sealed class KafkaOrderAcrossCrashTests(ITestOutputHelper output)
{
    private const int Keys = 30;
    private const int EventsPerKey = 40;
    private const int EventsPerSecond = 150;

    private static string Subject(int key) => $"order-host-{key}";

    private static string DedupKey(int key) => $"default:health.check.failed:{Subject(key)}";

    /// <summary>Event <paramref name="n"/> of a key: every third one resolves.</summary>
    private static bool IsResolve(int n) => n % 3 == 2;

    [PostgreSqlFact]
    public async Task Every_key_ends_in_the_lifecycle_its_events_imply_after_a_kill_9_mid_stream()
    {
        await using var cluster = await ThreeNodeCluster.StartAsync(
            """
            alertactors.defaults.throttle.cooldown = 0s
            alertactors.defaults.throttle.max-per-hour = 0
            alertactors.defaults.auto-resolve-after = 0s
            """
        );
        try
        {
            using var kafka = new KafkaTestClient(cluster.Broker.BootstrapServers);
            var clock = Stopwatch.StartNew();
            var stream = Task.Run(async () =>
            {
                for (var i = 0; i < Keys * EventsPerKey; i++)
                {
                    var wait = TimeSpan.FromSeconds((double)i / EventsPerSecond) - clock.Elapsed;
                    if (wait > TimeSpan.Zero)
                        await Task.Delay(wait);
                    var (key, n) = (i % Keys, i / Keys);
                    await kafka.ProduceAsync(
                        "infra-events",
                        new
                        {
                            id = $"order-{i}",
                            source = "health-checker",
                            type = "health.check.failed",
                            subject = Subject(key),
                            severity = "critical",
                            action = IsResolve(n) ? "resolve" : "trigger",
                        },
                        key: Subject(key)
                    );
                }
            });

            // Kill whichever of node 2 and node 3 hosts more alert shards, a few seconds into the stream.
            IReadOnlyDictionary<string, (int Shards, int Entities)> shards = null!;
            await Eventually.HoldsAsync(
                async () =>
                {
                    shards = await ClusterApi.ShardsPerNodeAsync(cluster.Nodes[0].Http);
                    return clock.Elapsed > TimeSpan.FromSeconds(3) && shards.Count == 3;
                },
                TimeSpan.FromSeconds(60),
                "the shard stats never showed 3 regions"
            );
            var victim = new[] { 1, 2 }.OrderByDescending(i => shards[cluster.AddressOf(i)].Shards).First();
            await cluster.Nodes[victim].KillAsync();
            output.WriteLine(
                $"{clock.Elapsed.TotalSeconds:0.0}s: killed node {victim + 1} hosting {shards[cluster.AddressOf(victim)].Shards} shards"
            );
            await stream;
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: stream done");

            // Every trigger event counted (nothing lost), then the verdict on the order.
            var triggers = Enumerable.Range(0, EventsPerKey).Count(n => !IsResolve(n));
            var node1 = cluster.Nodes[0].Http;
            await Eventually.HoldsAsync(
                async () =>
                {
                    for (var key = 0; key < Keys; key++)
                        if (
                            (await AlertApi.TryGetAsync(node1, DedupKey(key)))?["occurrences"]?.GetValue<long>()
                            != triggers
                        )
                            return false;
                    return true;
                },
                TimeSpan.FromSeconds(150),
                $"not every key reached {triggers} occurrences"
            );
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: every event counted");

            var expectedTimeline = Enumerable
                .Range(0, EventsPerKey / 3)
                .SelectMany(_ => new[] { "firing", "resolved" })
                .Concat(EventsPerKey % 3 > 0 ? ["firing"] : [])
                .ToList();
            var wrong = new List<string>();
            for (var key = 0; key < Keys; key++)
            {
                var alert = (await AlertApi.TryGetAsync(node1, DedupKey(key)))!;
                var timeline = alert["timeline"]!.AsArray().Select(t => t!["change"]!.GetValue<string>()).ToList();
                if (!timeline.SequenceEqual(expectedTimeline))
                    wrong.Add(
                        $"{DedupKey(key)}: {alert["status"]}, timeline {string.Join(" ", timeline.Select(t => t[0]))}"
                    );
            }
            Assert.True(
                wrong.Count == 0,
                $"{wrong.Count} of {Keys} keys ended in another lifecycle than {string.Join(" ", expectedTimeline.Select(t => t[0]))}:\n"
                    + string.Join("\n", wrong)
            );
        }
        catch
        {
            output.WriteLine(cluster.Outputs(3000));
            throw;
        }
    }
}
