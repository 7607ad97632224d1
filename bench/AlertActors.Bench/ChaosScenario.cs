using System.Diagnostics;
using Confluent.Kafka;

namespace AlertActors.Bench;

/// <summary>
/// <c>chaos</c>: a steady stream of triggers and resolves over K keys through Kafka into three nodes on PostgreSQL
/// (<see cref="BenchCluster"/>, <see cref="ChaosPlan"/>). During it one node is killed with SIGKILL, the provider stub
/// answers 503, then 429, then refuses connections, and a burst of poison messages of every invalid kind lands in the
/// topic. Then it polls until the system has settled (or a deadline passes) and judges what it settled on: every
/// trigger event counted exactly once, every key's alert timeline and final status as its events imply in their order,
/// the provider calls of every key in that order (a call repeated back to back is at-least-once and allowed, counted),
/// every poison message in the dead-letter topic, every offset committed, no node down but the killed one.
/// Options: --keys, --rate (events/s), --seconds (stream length), --poison (count), --seed; the timeline in seconds
/// from the stream's start: --kill-at, --faults-at, --fault-seconds (each of 503, 429, refused; poison in the middle),
/// --restart-at (0 = the killed node stays down); --victim 1..3 (1 = the seed); --converge-within (s after the stream);
/// --skip-poison KIND (leave out poison kinds starting with KIND); --keep-database 1 (leave the journal for a
/// post-mortem). Quick kills node 2 and keeps it down; full kills the seed and restarts it mid-stream.
/// </summary>
public static class ChaosScenario
{
    /// <summary>Sizes and the fault timeline (seconds from the stream's start).</summary>
    private sealed record Options(
        int Keys,
        int Rate,
        int Seconds,
        int Poison,
        int Victim,
        int KillAt,
        int FaultsAt,
        int FaultSeconds,
        int RestartAt,
        int Seed,
        TimeSpan Within,
        string? SkipPoison,
        bool KeepDatabase
    )
    {
        public static Options From(BenchArgs args) =>
            new(
                Keys: args.Int("--keys", quick: 50, full: 300),
                Rate: args.Int("--rate", quick: 250, full: 200),
                Seconds: args.Int("--seconds", quick: 10, full: 120),
                Poison: args.Int("--poison", quick: 33, full: 330),
                Victim: args.Int("--victim", quick: 2, full: 1) - 1,
                KillAt: args.Int("--kill-at", quick: 3, full: 15),
                FaultsAt: args.Int("--faults-at", quick: 2, full: 25),
                FaultSeconds: args.Int("--fault-seconds", quick: 2, full: 6),
                RestartAt: args.Int("--restart-at", quick: 0, full: 70),
                Seed: args.Int("--seed", quick: 7, full: 7),
                Within: TimeSpan.FromSeconds(args.Int("--converge-within", quick: 60, full: 180)),
                SkipPoison: args.Text("--skip-poison"),
                KeepDatabase: args.Int("--keep-database", quick: 0, full: 0) == 1
            );

        public double PoisonAt => FaultsAt + 1.5 * FaultSeconds;
    }

    public static async Task<ResultTable> RunAsync(BenchArgs args)
    {
        var options = Options.From(args);
        if (options.Victim is < 0 or > 2)
            throw new ArgumentException("--victim must be 1, 2 or 3");
        await using var stub = await ProviderStub.StartAsync();
        var startClock = Stopwatch.StartNew();
        await using var cluster = await BenchCluster.StartAsync(
            stub.Hocon
                + """

                alertactors.defaults.providers = [pagerduty]
                alertactors.defaults.throttle { cooldown = 0s, max-per-hour = 0 }
                alertactors.defaults.repeat-interval = 0s
                alertactors.defaults.auto-resolve-after = 0s
                alertactors.delivery { retry-base-delay = 100ms, retry-max-delay = 1s }
                alertactors.delivery.breaker { max-failures = 5, reset-timeout = 2s }
                """,
            keepDatabase: options.KeepDatabase
        );
        var clusterStart = startClock.Elapsed;
        try
        {
            return await RunOnAsync(options, cluster, stub, clusterStart);
        }
        catch
        {
            Console.WriteLine(cluster.OutputTails());
            throw;
        }
    }

    private static async Task<ResultTable> RunOnAsync(
        Options options,
        BenchCluster cluster,
        ProviderStub stub,
        TimeSpan clusterStart
    )
    {
        var (
            keys,
            rate,
            seconds,
            poisonCount,
            victim,
            killAt,
            faultsAt,
            faultSeconds,
            restartAt,
            seed,
            within,
            skipPoison,
            _
        ) = options;
        var plan = new ChaosPlan(keys, rate * seconds, seed);
        var poisonAt = options.PoisonAt;
        var log = new Log();
        log.Say(
            $"3 nodes Up after {clusterStart.TotalSeconds:0.0} s; stream of {plan.Events} events over {keys} keys at {rate}/s"
        );

        using var producer = new ProducerBuilder<string, byte[]>(
            new ProducerConfig
            {
                BootstrapServers = cluster.Broker.BootstrapServers,
                LingerMs = 5,
                EnableIdempotence = true,
                Acks = Acks.All,
            }
        ).Build();
        var written = new WrittenOffsets();

        var clock = Stopwatch.StartNew();
        log.Clock = clock;
        var stream = Task.Run(() => StreamAsync(producer, plan, rate, clock, written));

        var killedHosted = "";
        var killedAt = TimeSpan.Zero;
        TimeSpan? downedAfter = null;
        var kill = Task.Run(async () =>
        {
            // Its share of the shards: the latest stats that answer before the kill (they may take seconds on a busy
            // machine, and one still asking when the node dies never answers); the kill itself is on time.
            await At(clock, Math.Max(0, killAt - 6));
            IReadOnlyDictionary<string, (int Shards, int Entities)> shards = new Dictionary<string, (int, int)>();
            var asker = cluster.Nodes.Where((_, i) => i != victim).First(n => n is { HasExited: false })!;
            while (clock.Elapsed < TimeSpan.FromSeconds(killAt))
            {
                var stats = ChaosObservations.ShardsPerNodeAsync(asker);
                await Task.WhenAny(stats, At(clock, killAt));
                if (!stats.IsCompleted)
                    break;
                if (stats.Result.Values.Sum(v => v.Shards) > 0)
                    shards = stats.Result;
                await Task.WhenAny(Task.Delay(500), At(clock, killAt));
            }
            await cluster.KillAsync(victim);
            killedAt = clock.Elapsed;
            killedHosted = shards.TryGetValue(cluster.AddressOf(victim), out var own)
                ? $"{own.Shards} of {shards.Values.Sum(v => v.Shards)} shards, {own.Entities} alerts"
                : "? shards (no shard stats answered before the kill)";
            log.Say($"killed node {victim + 1} (SIGKILL), it hosted {killedHosted}");
            downedAfter = await ChaosObservations.RemovedAfterAsync(cluster, victim, within);
            log.Say(
                downedAfter is { } d
                    ? $"node {victim + 1} removed from the cluster {d.TotalSeconds:0.0} s after the kill"
                    : $"node {victim + 1} never removed"
            );
        });
        var faults = Task.Run(async () =>
        {
            await At(clock, faultsAt);
            stub.Mode = ProviderStub.Behaviour.ServerError;
            log.Say("provider answers 503");
            await At(clock, faultsAt + faultSeconds);
            stub.Mode = ProviderStub.Behaviour.TooManyRequests;
            log.Say("provider answers 429 (Retry-After: 1)");
            await At(clock, faultsAt + 2 * faultSeconds);
            stub.Mode = ProviderStub.Behaviour.Accept;
            await stub.RefuseConnectionsAsync();
            log.Say("provider refuses connections");
            await At(clock, faultsAt + 3 * faultSeconds);
            await stub.AcceptConnectionsAsync();
            log.Say("provider accepts again");
        });
        var poison = ChaosPlan.Poison(poisonCount, skipPoison);
        var poisonSent = new List<(string Kind, int Partition, long Offset)>();
        var poisonTask = Task.Run(async () =>
        {
            await At(clock, poisonAt);
            var reports = await Task.WhenAll(
                poison.Select(
                    (p, n) =>
                        producer.ProduceAsync(
                            BenchCluster.Topic,
                            new Message<string, byte[]> { Key = $"poison-{n}", Value = p.Value }
                        )
                )
            );
            foreach (var (report, n) in reports.Select((r, n) => (r, n)))
            {
                poisonSent.Add((poison[n].Kind, report.Partition.Value, report.Offset.Value));
                written.Add(report.Partition.Value, report.Offset.Value);
            }
            log.Say($"{poisonSent.Count} poison messages produced");
        });
        TimeSpan? rejoinedAfter = null;
        var restart = Task.Run(async () =>
        {
            if (restartAt <= 0)
                return;
            await At(clock, restartAt);
            var started = clock.Elapsed;
            await cluster.RestartAsync(victim);
            rejoinedAfter = clock.Elapsed - started;
            log.Say($"node {victim + 1} restarted, ready after {rejoinedAfter.Value.TotalSeconds:0.0} s");
        });

        var produced = await stream;
        var streamEnd = clock.Elapsed;
        log.Say($"stream done: {produced} events");
        await Task.WhenAll(kill, faults, poisonTask, restart);

        // ---- convergence: poll until the system has settled (every event counted, every offset committed, every
        // delivery done and mirrored by the stub, every poison message dead-lettered) or the deadline passes. Whether
        // what it settled on is right is judged afterwards, so a wrong outcome fails the invariants, not the wait.
        var deadline = streamEnd + within;
        var expected = Enumerable.Range(0, keys).Select(k => plan.Expect(k, produced)).ToArray();
        using var deadLetters = new DeadLetterReader(cluster.Broker.BootstrapServers);
        using var admin = new AdminClientBuilder(
            new AdminClientConfig { BootstrapServers = cluster.Broker.BootstrapServers }
        ).Build();
        AlertSeen?[]? alerts = null;
        List<string>[] calls;
        long uncommitted;
        bool settled;
        while (true)
        {
            deadLetters.ReadAvailable(TimeSpan.FromMilliseconds(100));
            uncommitted = await written.UncommittedAsync(admin);
            calls = ChaosObservations.CallsPerKey(stub, keys);
            var quiet = uncommitted == 0 && poisonSent.All(p => deadLetters.CountOf(p.Partition, p.Offset) > 0);
            // The alerts are asked only once Kafka is drained (K requests a round), and at least once.
            if (quiet || alerts is null)
                alerts = await ChaosObservations.FetchAlertsAsync(cluster, keys);
            settled = quiet && Enumerable.Range(0, keys).All(k => KeyVerdict.Settled(alerts[k], expected[k], calls[k]));
            if (settled || clock.Elapsed > deadline || !cluster.Running.Any())
                break;
            await Task.Delay(500);
        }
        var convergedAfter = clock.Elapsed - streamEnd;
        log.Say(
            settled
                ? $"settled {convergedAfter.TotalSeconds:0.0} s after the stream"
                : "deadline passed before the system settled"
        );

        // Room for a late duplicate or reordered call to show up, then the final picture.
        await Task.Delay(TimeSpan.FromSeconds(2));
        calls = ChaosObservations.CallsPerKey(stub, keys);
        deadLetters.ReadAvailable(TimeSpan.FromSeconds(1));
        uncommitted = await written.UncommittedAsync(admin);
        var died = cluster
            .Nodes.Select((n, i) => (Node: n, Number: i + 1))
            .Where(n => n.Node is { HasExited: true } && !(n.Number == victim + 1 && restartAt <= 0))
            .Select(n => $"node {n.Number} exited with {n.Node!.ExitCode}")
            .ToList();
        var deadDeliveries = cluster.Running.Any() ? await ChaosObservations.DeadDeliveriesAsync(cluster) : -1;
        var metrics = await ChaosObservations.SurvivorMetricsAsync(cluster);

        // ---- verdicts --------------------------------------------------------------------------------------------
        var verdicts = Enumerable
            .Range(0, keys)
            .Select(k => new KeyVerdict(k, expected[k], calls[k], alerts[k]))
            .ToList();
        var triggersExpected = expected.Sum(e => e.Calls.Count(c => c == ChaosPlan.Trigger));
        var resolvesExpected = expected.Sum(e => e.Calls.Count(c => c == ChaosPlan.Resolve));
        var triggersInOrder = verdicts.Sum(v => v.TriggersInOrder);
        var resolvesInOrder = verdicts.Sum(v => v.ResolvesInOrder);
        var triggerCalls = calls.Sum(c => c.Count(a => a == ChaosPlan.Trigger));
        var resolveCalls = calls.Sum(c => c.Count(a => a == ChaosPlan.Resolve));
        var repeats = verdicts.Sum(v => v.Repeats);
        var lifecycleWrong = verdicts.Count(v => v.LifecycleWrong);
        var deliveryOutOfOrder = verdicts.Count(v => v.DeliveryOutOfOrder);
        var deliveryLost = verdicts.Count(v => v.DeliveryLost);
        var occurrencesExpected = expected.Sum(e => e.Occurrences);
        var occurrencesShort = verdicts.Sum(v => v.OccurrencesShort);
        var occurrencesOver = verdicts.Sum(v => v.OccurrencesOver);
        var validInDeadLetters = deadLetters
            .Messages.Where(m => m.Value.Contains("\"id\":\"chaos-", StringComparison.Ordinal))
            .ToList();
        var resolvesInDeadLetters = validInDeadLetters.Count(m =>
            m.Value.Contains("\"action\":\"resolve\"", StringComparison.Ordinal)
        );
        // A dead-lettered trigger whose key still counted every trigger was recorded anyway (an earlier attempt got
        // through late).
        var recordedAnyway = validInDeadLetters.Count(m =>
            !m.Value.Contains("\"action\":\"resolve\"", StringComparison.Ordinal)
            && verdicts.Any(v =>
                v.OccurrencesShort == 0
                && m.Value.Contains($"\"subject\":\"{ChaosPlan.Subject(v.Key)}\"", StringComparison.Ordinal)
            )
        );
        var poisonFound = poisonSent.Count(p => deadLetters.CountOf(p.Partition, p.Offset) > 0);
        var poisonRepeats = poisonSent.Sum(p => Math.Max(0, deadLetters.CountOf(p.Partition, p.Offset) - 1));
        var poisonMissing = poisonSent
            .Where(p => deadLetters.CountOf(p.Partition, p.Offset) == 0)
            .GroupBy(p => p.Kind)
            .Select(g => $"{g.Key} ×{g.Count()}")
            .ToList();
        var undelivered = alerts.Sum(a => a?.Undelivered ?? 0);
        var unanswered = alerts.Count(a => a is { Occurrences: < 0 });

        var bad = verdicts.Where(v => v.OutOfOrder || v.Lost || v.OccurrencesOver > 0).ToList();
        foreach (var v in bad.Take(8))
            log.Say("  " + v.Describe());
        if (poisonMissing.Count > 0)
            log.Say("  poison not in the DLQ: " + string.Join(", ", poisonMissing));
        foreach (var reason in validInDeadLetters.GroupBy(m => m.Reason).Take(3))
            log.Say($"  {reason.Count()} valid events dead-lettered: {reason.Key}");
        if (bad.Count > 0 || poisonMissing.Count > 0 || validInDeadLetters.Count > 0 || !settled || died.Count > 0)
            log.Say($"node logs and the event plan are in {await DumpAsync(cluster, plan, produced)}");

        return new ResultTable("chaos")
            .Row(
                "scenario",
                "chaos: steady Kafka stream into 3 nodes (PostgreSQL); kill -9 one node; provider 503 → 429 → refused; poison burst"
            )
            .Row(
                "keys / events (of them resolves) / rate",
                $"{keys} / {produced} ({produced - occurrencesExpected}) / {rate} events/s for {seconds} s"
            )
            .Row(
                "timeline (s from stream start)",
                $"kill node {victim + 1} at {killedAt.TotalSeconds:0.0}; 503 at {faultsAt}, 429 at {faultsAt + faultSeconds}, refused at {faultsAt + 2 * faultSeconds}, accept at {faultsAt + 3 * faultSeconds}; "
                    + $"poison at {poisonAt:0.#}; {(restartAt > 0 ? $"node {victim + 1} restarted at {restartAt}" : "killed node not restarted")}; stream end {streamEnd.TotalSeconds:0.0}"
            )
            .Row("cluster start (3 nodes Up, 3 shard regions registered)", $"{clusterStart.TotalSeconds:0.0} s")
            .Row(
                "killed node",
                $"node {victim + 1}{(victim == 0 ? " (the seed)" : "")}, hosting {killedHosted}; removed from the cluster {(downedAfter is { } d ? $"{d.TotalSeconds:0.0} s" : "never")} after the kill"
                    + (rejoinedAfter is { } r ? $"; restarted, ready after {r.TotalSeconds:0.0} s" : "")
            )
            .Row(
                "provider rejections",
                $"stub answered {stub.Rejected} calls 503/429; survivors counted {metrics.Retryable} retryable outcomes (503, 429, refused, breaker open), breaker opened {metrics.BreakerOpened}×"
            )
            .Row(
                "triggers expected / received in order / calls",
                $"{triggersExpected} / {triggersInOrder} / {triggerCalls}"
            )
            .Row(
                "resolves expected / received in order / calls",
                $"{resolvesExpected} / {resolvesInOrder} / {resolveCalls}"
            )
            .Row("repeated calls (at-least-once, allowed)", repeats)
            .Row(
                "occurrences expected / recorded",
                $"{occurrencesExpected} / {alerts.Sum(a => Math.Max(0, a?.Occurrences ?? 0))}"
            )
            .Row(
                "keys: lifecycle ≠ events' order / stub calls ≠ alert's timeline",
                $"{lifecycleWrong} / {deliveryOutOfOrder + deliveryLost}"
            )
            .Row("poison sent / in DLQ / dead-lettered twice", $"{poisonSent.Count} / {poisonFound} / {poisonRepeats}")
            .Row("DLQ messages / valid events among them", $"{deadLetters.Messages.Count} / {validInDeadLetters.Count}")
            .Row(
                "settled after stream end",
                settled ? $"{convergedAfter.TotalSeconds:0.0} s" : $"not within {within.TotalSeconds:0} s"
            )
            .Check(
                "no node stopped but the killed one",
                died.Count == 0,
                died.Count == 0 ? $"{cluster.Running.Count()} running" : string.Join(", ", died)
            )
            .Check(
                "every event produced",
                produced == plan.Events && written.Failed == 0,
                $"{produced} of {plan.Events}, {written.Failed} produce failures"
            )
            .Check(
                "every expected incident triggered",
                triggersInOrder == triggersExpected,
                $"{triggersInOrder} of {triggersExpected} triggers"
            )
            .Check(
                "none lost",
                occurrencesShort == 0 && deliveryLost == 0 && unanswered == 0,
                $"{occurrencesShort} trigger events not counted, {deliveryLost} keys missing a call their alert made"
                    + (unanswered > 0 ? $", {unanswered} alerts did not answer" : "")
            )
            .Check(
                "no valid event dead-lettered",
                validInDeadLetters.Count == 0,
                validInDeadLetters.Count == 0
                    ? "0 in the DLQ"
                    : $"{validInDeadLetters.Count - resolvesInDeadLetters} triggers ({recordedAnyway} of them counted by their alert anyway) and {resolvesInDeadLetters} resolves in the DLQ: every ask attempt timed out"
            )
            .Check("none counted twice", occurrencesOver == 0, $"{occurrencesOver} occurrences over")
            .Check(
                "per-key order kept",
                lifecycleWrong == 0 && deliveryOutOfOrder == 0,
                $"{lifecycleWrong} of {keys} keys with a lifecycle other than their events' order, {deliveryOutOfOrder} with calls out of their alert's order; {repeats} repeated calls"
            )
            .Check(
                "poison all in the DLQ",
                poisonFound == poisonSent.Count && poisonSent.Count == poisonCount,
                $"{poisonFound} of {poisonCount}, {poisonRepeats} twice{(poisonMissing.Count > 0 ? "; missing: " + string.Join(", ", poisonMissing) : "")}"
            )
            .Check(
                "no delivery pending or dead",
                undelivered == 0 && deadDeliveries == 0,
                $"{undelivered} not delivered in the alerts, {deadDeliveries} in /deliveries/dead"
            )
            .Check("every offset committed", uncommitted == 0, $"{uncommitted} messages not committed")
            .Check(
                "settled before the deadline",
                settled,
                $"{convergedAfter.TotalSeconds:0.0} s after the stream (limit {within.TotalSeconds:0} s)"
            );
    }

    /// <summary>Writes every node's output and the events sent (index, key, action) for a post-mortem; returns the
    /// directory.</summary>
    private static async Task<string> DumpAsync(BenchCluster cluster, ChaosPlan plan, int produced)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"alertactors-chaos-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        Directory.CreateDirectory(directory);
        for (var i = 0; i < cluster.Nodes.Length; i++)
            await File.WriteAllTextAsync(
                Path.Combine(directory, $"node{i + 1}.log"),
                cluster.Nodes[i]?.Output ?? "(not running)"
            );
        await File.WriteAllLinesAsync(
            Path.Combine(directory, "events.txt"),
            Enumerable
                .Range(0, produced)
                .Select(i =>
                    $"chaos-{i} {ChaosPlan.Subject(plan.KeyOf(i))} {(plan.IsResolve(i) ? ChaosPlan.Resolve : ChaosPlan.Trigger)}"
                )
        );
        return directory;
    }

    // ---- the stream ------------------------------------------------------------------------------------------------

    private static async Task<int> StreamAsync(
        IProducer<string, byte[]> producer,
        ChaosPlan plan,
        int rate,
        Stopwatch clock,
        WrittenOffsets written
    )
    {
        var i = 0;
        while (i < plan.Events)
        {
            var due = Math.Min(plan.Events, (int)(clock.Elapsed.TotalSeconds * rate) + 1);
            for (; i < due; i++)
                producer.Produce(
                    BenchCluster.Topic,
                    new Message<string, byte[]> { Key = ChaosPlan.Subject(plan.KeyOf(i)), Value = plan.Payload(i) },
                    written.Report
                );
            await Task.Delay(10);
        }
        producer.Flush(TimeSpan.FromSeconds(30));
        return written.Delivered;
    }

    private static async Task At(Stopwatch clock, double seconds)
    {
        var wait = TimeSpan.FromSeconds(seconds) - clock.Elapsed;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
    }

    /// <summary>Progress lines with the time since the stream started.</summary>
    private sealed class Log
    {
        public Stopwatch? Clock { get; set; }

        public void Say(string line) =>
            Console.WriteLine(Clock is null ? $"chaos: {line}" : $"chaos {Clock.Elapsed.TotalSeconds, 6:0.0}s: {line}");
    }
}
