using System.Diagnostics;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;
using Xunit.Abstractions;

namespace AlertActors.PostgreSqlTests;

/// <summary>
/// The multi-node crash test as real processes: three nodes on one PostgreSQL database, alerts spread over
/// their shards; one node is killed with SIGKILL (and, separately, stopped with SIGTERM) and its alerts carry on
/// on the survivors with their state and timers, with no notification lost and none sent twice.
/// </summary>
public sealed class ClusterCrashTests(ITestOutputHelper output)
{
    private const int Alerts = 30;

    // Long enough that posting, delivering and reading the shard stats fit before the kill on a loaded 2-core machine
    // (20 s did not).
    private static readonly TimeSpan AutoResolveAfter = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan KillBeforeDue = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How soon after the dead node is downed every overdue alert has resolved: its shards move, and the due-alert
    /// scheduler (a singleton, perhaps on the dead node) runs again and wakes alerts that had left memory. Until the
    /// downing, an alert due then is late if it was on the dead node, or had left memory (passivate-idle-after) while
    /// the scheduler's node was the dead one.
    /// </summary>
    private static readonly TimeSpan CatchUpAfterDowning = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static string DedupKey(int i) => $"default:health.check.failed:crash-host-{i}";

    [PostgreSqlFact]
    public async Task A_kill_9_moves_the_nodes_alerts_to_the_survivors_with_timers_and_no_lost_or_duplicate_notification()
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ThreeNodeCluster.StartAsync(
            $"alertactors.defaults.auto-resolve-after = {AutoResolveAfter.TotalSeconds:0}s"
        );
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: 3 nodes Up");
        try
        {
            var node1 = cluster.Nodes[0].Http;
            // In parallel: posted one by one they take long enough that the first auto-resolves would be due before the
            // kill.
            await Task.WhenAll(
                Enumerable
                    .Range(0, Alerts)
                    .Select(i => AlertApi.PostCriticalAsync(node1, $"crash-{i}", $"crash-host-{i}"))
            );
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: {Alerts} events posted");

            // Every trigger reached PagerDuty once and its delivery is confirmed in the alert's outbox.
            await EveryTriggerDeliveredAsync(node1, Alerts);
            var triggersAtKill = PagerDutyCounts("trigger");
            Assert.Equal(Alerts, triggersAtKill.Count);
            Assert.All(triggersAtKill.Values, count => Assert.Equal(1, count));
            var dueAt = new List<DateTimeOffset>();
            for (var i = 0; i < Alerts; i++)
            {
                var alert = (await AlertApi.TryGetAsync(node1, DedupKey(i)))!;
                Assert.Equal("firing", alert["status"]!.GetValue<string>());
                dueAt.Add(alert["last_seen"]!.GetValue<DateTimeOffset>() + AutoResolveAfter);
            }

            // Kill whichever of node 2 and node 3 hosts more alerts (node 1 is the seed, the shard coordinator and the
            // node the test talks to).
            IReadOnlyDictionary<string, (int Shards, int Entities)> shards = null!;
            await Eventually.HoldsAsync(
                async () =>
                {
                    shards = await ClusterApi.ShardsPerNodeAsync(node1);
                    return shards.Count == 3 && shards.Values.Sum(s => s.Entities) == Alerts;
                },
                Within,
                "the shard stats never showed 3 regions holding all alerts"
            );
            output.WriteLine(
                "before the kill: "
                    + string.Join(
                        ", ",
                        shards.Select(s => $"{s.Key} = {s.Value.Shards} shards / {s.Value.Entities} alerts")
                    )
            );
            var victim = new[] { 1, 2 }.OrderByDescending(i => shards[cluster.AddressOf(i)].Entities).First();
            var victimAlerts = shards[cluster.AddressOf(victim)].Entities;
            Assert.True(victimAlerts > 0, "neither node 2 nor node 3 hosts an alert");
            // Kill shortly before the first auto-resolve is due, so the timers of the dead node's alerts fall due
            // during the outage (failure detection + SBR stable-after + shard reallocation take ~10 s or more).
            var wait = dueAt.Min() - KillBeforeDue - DateTimeOffset.UtcNow;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait);
            var killedAt = DateTimeOffset.UtcNow;
            Assert.True(
                killedAt < dueAt.Min() - TimeSpan.FromSeconds(1),
                $"the kill ({killedAt:O}) came too late for the first auto-resolve due {dueAt.Min():O}; raise AutoResolveAfter"
            );
            await cluster.Nodes[victim].KillAsync();
            output.WriteLine(
                $"{clock.Elapsed.TotalSeconds:0.0}s: killed node {victim + 1} (SIGKILL) hosting {victimAlerts} alerts; auto-resolves due {dueAt.Min():HH:mm:ss.fff}..{dueAt.Max():HH:mm:ss.fff}, kill at {killedAt:HH:mm:ss.fff}"
            );
            var survivor = cluster.Nodes[victim == 1 ? 2 : 1].Http;

            // Without touching the alerts: all of them auto-resolve, each resolve reaches PagerDuty exactly once.
            var deadAddress = cluster.AddressOf(victim);
            await Eventually.HoldsAsync(
                async () =>
                {
                    for (var i = 0; i < Alerts; i++)
                    {
                        var alert = await AlertApi.TryGetAsync(node1, DedupKey(i));
                        if (
                            alert?["status"]!.GetValue<string>() != "resolved"
                            || !AlertApi.AllDelivered(alert, expected: 4)
                        )
                            return false;
                    }
                    return true;
                },
                TimeSpan.FromSeconds(90),
                "not every alert was auto-resolved with its resolve delivered after the kill"
            );
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: all {Alerts} alerts resolved and delivered");
            // When the survivors downed the dead node: when their log line arrived (GET /api/v1/cluster is slow while a
            // region is unreachable).
            var downedAt = cluster
                .Nodes.Where((_, i) => i != victim)
                .Select(n => n.FirstLineAt($"Marking unreachable node [{deadAddress}] as [Down]"))
                .Min();
            output.WriteLine($"killed at {killedAt:HH:mm:ss.fff}, downed at {downedAt:HH:mm:ss.fff}");
            Assert.True(downedAt is not null, "no survivor logged downing the dead node");

            await Task.Delay(TimeSpan.FromSeconds(2)); // room for a late duplicate to show up
            var triggers = PagerDutyCounts("trigger");
            var resolves = PagerDutyCounts("resolve");
            Assert.Equal(Enumerable.Range(0, Alerts).Select(DedupKey).Order(), triggers.Keys.Order());
            Assert.All(triggers, t => Assert.True(t.Value == 1, $"{t.Key} was triggered {t.Value} times"));
            Assert.Equal(Enumerable.Range(0, Alerts).Select(DedupKey).Order(), resolves.Keys.Order());
            Assert.All(resolves, r => Assert.True(r.Value == 1, $"{r.Key} was resolved {r.Value} times"));
            Assert.Equal(
                Alerts,
                cluster.Providers.OpsGenieCalls.Count(e =>
                    e.RequestMessage.Path.EndsWith("/v2/alerts", StringComparison.Ordinal)
                )
            );
            Assert.Equal(
                Alerts,
                cluster.Providers.OpsGenieCalls.Count(e =>
                    e.RequestMessage.Path.EndsWith("/close", StringComparison.Ordinal)
                )
            );

            var lateResolves = 0;
            for (var i = 0; i < Alerts; i++)
            {
                foreach (var http in new[] { node1, survivor })
                {
                    var alert = (await AlertApi.TryGetAsync(http, DedupKey(i)))!;
                    Assert.Equal(
                        ("resolved", "auto-resolve", 1L),
                        (
                            alert["status"]!.GetValue<string>(),
                            alert["resolved_by"]!.GetValue<string>(),
                            alert["occurrences"]!.GetValue<long>()
                        )
                    );
                    Assert.Equal(
                        ["firing", "resolved"],
                        alert["timeline"]!.AsArray().Select(t => t!["change"]!.GetValue<string>())
                    );
                }
                var resolvedAt = (await AlertApi.TryGetAsync(node1, DedupKey(i)))!["timeline"]!.AsArray()[1]![
                    "at"
                ]!.GetValue<DateTimeOffset>();
                if (resolvedAt - dueAt[i] > TimeSpan.FromSeconds(2))
                {
                    lateResolves++;
                    Assert.True(
                        resolvedAt > downedAt,
                        $"{DedupKey(i)} resolved late ({resolvedAt:O}) but before the dead node was downed"
                    );
                    Assert.True(
                        resolvedAt - downedAt < CatchUpAfterDowning,
                        $"{DedupKey(i)} resolved {resolvedAt:O}, more than {CatchUpAfterDowning.TotalSeconds:0} s after the dead node was downed ({downedAt:O})"
                    );
                }
                output.WriteLine($"{DedupKey(i)}: due {dueAt[i]:HH:mm:ss.fff}, resolved {resolvedAt:HH:mm:ss.fff}");
            }
            // Alerts due during the outage resolved late but soon after the downing (CatchUpAfterDowning), the others
            // on time.
            output.WriteLine(
                $"{lateResolves} alerts resolved more than 2 s after they were due (the dead node hosted {victimAlerts}); killed at {killedAt:HH:mm:ss.fff}, downed at {downedAt:HH:mm:ss.fff}"
            );
            Assert.True(
                lateResolves >= 1,
                "no alert resolved late: none of the dead node's timers was due during the outage"
            );
            Assert.True(
                downedAt > dueAt.Min(),
                "the dead node was downed before any auto-resolve was due: the test did not cover a timer due during the outage"
            );

            await Eventually.HoldsAsync(
                async () =>
                {
                    var cluster1 = await ClusterApi.GetJsonAsync(node1, "/api/v1/cluster");
                    var members = cluster1["members"]!.AsArray();
                    return members.Count == 2
                        && members.All(m =>
                            m!["status"]!.GetValue<string>() == "up" && m["reachable"]!.GetValue<bool>()
                        )
                        && cluster1["unreachable"]!.AsArray().Count == 0;
                },
                Within,
                "the cluster did not settle on 2 Up members"
            );
            Assert.Equal(2, (await ClusterApi.UpMembersAsync(survivor)).Count);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s: 2 Up members");
            foreach (
                var line in cluster
                    .Nodes[0]
                    .Output.Split('\n')
                    .Where(l =>
                        l.Contains("SBR", StringComparison.Ordinal)
                        || l.Contains("Split", StringComparison.Ordinal)
                        || l.Contains("nreachable", StringComparison.OrdinalIgnoreCase)
                        || l.Contains("own", StringComparison.Ordinal)
                            && l.Contains(deadAddress, StringComparison.Ordinal)
                    )
            )
                output.WriteLine("node 1: " + line.Trim());
        }
        catch
        {
            output.WriteLine(cluster.Outputs());
            throw;
        }

        Dictionary<string, int> PagerDutyCounts(string action) =>
            cluster
                .Providers.PagerDutyCalls.Select(ProviderStubs.BodyOf)
                .Where(b => b["event_action"]!.GetValue<string>() == action)
                .GroupBy(b => b["dedup_key"]!.GetValue<string>())
                .ToDictionary(g => g.Key, g => g.Count());
    }

    [PostgreSqlFact]
    public async Task A_SIGTERM_hands_the_nodes_shards_over_without_errors_and_leaves_2_Up()
    {
        const int alerts = 15;
        await using var cluster = await ThreeNodeCluster.StartAsync("");
        try
        {
            var node1 = cluster.Nodes[0].Http;
            for (var i = 0; i < alerts; i++)
                await AlertApi.PostCriticalAsync(node1, $"term-{i}", $"crash-host-{i}");
            await EveryTriggerDeliveredAsync(node1, alerts);
            IReadOnlyDictionary<string, (int Shards, int Entities)> shards = null!;
            await Eventually.HoldsAsync(
                async () =>
                {
                    shards = await ClusterApi.ShardsPerNodeAsync(node1);
                    return shards.Count == 3 && shards.Values.Sum(s => s.Entities) == alerts;
                },
                Within,
                "the shard stats never showed 3 regions holding all alerts"
            );
            var leaving = new[] { 1, 2 }.OrderByDescending(i => shards[cluster.AddressOf(i)].Entities).First();
            Assert.True(shards[cluster.AddressOf(leaving)].Entities > 0, "neither node 2 nor node 3 hosts an alert");
            output.WriteLine(
                $"SIGTERM to node {leaving + 1} hosting {shards[cluster.AddressOf(leaving)].Entities} alerts"
            );

            var exitCode = await cluster.Nodes[leaving].StopGracefullyAsync(TimeSpan.FromSeconds(30));
            var leavingOutput = cluster.Nodes[leaving].Output;
            Assert.True(exitCode == 0, $"the node exited with {exitCode}:\n{leavingOutput}");
            var errors = leavingOutput.Split('\n').Where(ThreeNodeCluster.IsErrorLine).ToList();
            Assert.True(errors.Count == 0, "the stopping node logged errors:\n" + string.Join("\n", errors));

            await Eventually.HoldsAsync(
                async () =>
                {
                    var members = (await ClusterApi.GetJsonAsync(node1, "/api/v1/cluster"))["members"]!.AsArray();
                    if (members.Count != 2 || !members.All(m => m!["status"]!.GetValue<string>() == "up"))
                        return false;
                    return (await ClusterApi.ShardsPerNodeAsync(node1)).Count == 2;
                },
                Within,
                "the survivors never showed 2 Up members with 2 shard regions"
            );
            // Entities are not remembered: the handed-off alerts start on a survivor when a message (here the read)
            // comes.

            for (var i = 0; i < alerts; i++)
            {
                var alert = (await AlertApi.TryGetAsync(node1, DedupKey(i)))!;
                Assert.Equal(
                    ("firing", 1L),
                    (alert["status"]!.GetValue<string>(), alert["occurrences"]!.GetValue<long>())
                );
                Assert.True(AlertApi.AllDelivered(alert, expected: 2));
            }
            Assert.Equal(alerts, cluster.Providers.PagerDutyCalls.Count);
            Assert.Equal(
                alerts,
                cluster
                    .Providers.PagerDutyCalls.Select(e => ProviderStubs.BodyOf(e)["dedup_key"]!.GetValue<string>())
                    .Distinct()
                    .Count()
            );
            foreach (var survivor in new[] { 0, 1, 2 }.Where(i => i != leaving))
            {
                var survivorErrors = cluster
                    .Nodes[survivor]
                    .Output.Split('\n')
                    .Where(ThreeNodeCluster.IsErrorLine)
                    .ToList();
                output.WriteLine(
                    $"node {survivor + 1}: {survivorErrors.Count} error lines"
                        + string.Concat(survivorErrors.Take(5).Select(l => "\n  " + l))
                );
            }
        }
        catch
        {
            output.WriteLine(cluster.Outputs());
            throw;
        }
    }

    /// <summary>Waits until alerts 0 to <paramref name="alerts"/> - 1 (<see cref="DedupKey"/>) each have their trigger
    /// delivered to both providers.</summary>
    private static Task EveryTriggerDeliveredAsync(HttpClient node, int alerts) =>
        Eventually.HoldsAsync(
            async () =>
            {
                for (var i = 0; i < alerts; i++)
                    if (!AlertApi.AllDelivered(await AlertApi.TryGetAsync(node, DedupKey(i)), expected: 2))
                        return false;
                return true;
            },
            Within,
            "not every trigger was delivered to both providers"
        );
}
