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
    public static async Task<ResultTable> RunAsync(BenchArgs args)
    {
        var options = ChaosOptions.From(args);
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
        ChaosOptions options,
        BenchCluster cluster,
        ProviderStub stub,
        TimeSpan clusterStart
    )
    {
        var (keys, rate, seconds, poisonCount, victim, _, faultsAt, faultSeconds, restartAt, seed, within, _, _) =
            options;
        var plan = new ChaosPlan(keys, rate * seconds, seed);
        var poisonAt = options.PoisonAt;
        var log = new ChaosLog();
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

        var faults = new ChaosFaults(options, cluster, stub, producer, written, clock, log);
        var injected = faults.RunAsync();

        var produced = await stream;
        var streamEnd = clock.Elapsed;
        log.Say($"stream done: {produced} events");
        await injected;

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
            var quiet = uncommitted == 0 && faults.PoisonSent.All(p => deadLetters.CountOf(p.Partition, p.Offset) > 0);
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
        var poisonFound = faults.PoisonSent.Count(p => deadLetters.CountOf(p.Partition, p.Offset) > 0);
        var poisonRepeats = faults.PoisonSent.Sum(p => Math.Max(0, deadLetters.CountOf(p.Partition, p.Offset) - 1));
        var poisonMissing = faults
            .PoisonSent.Where(p => deadLetters.CountOf(p.Partition, p.Offset) == 0)
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
                $"kill node {victim + 1} at {faults.KilledAt.TotalSeconds:0.0}; 503 at {faultsAt}, 429 at {faultsAt + faultSeconds}, refused at {faultsAt + 2 * faultSeconds}, accept at {faultsAt + 3 * faultSeconds}; "
                    + $"poison at {poisonAt:0.#}; {(restartAt > 0 ? $"node {victim + 1} restarted at {restartAt}" : "killed node not restarted")}; stream end {streamEnd.TotalSeconds:0.0}"
            )
            .Row("cluster start (3 nodes Up, 3 shard regions registered)", $"{clusterStart.TotalSeconds:0.0} s")
            .Row(
                "killed node",
                $"node {victim + 1}{(victim == 0 ? " (the seed)" : "")}, hosting {faults.KilledHosted}; removed from the cluster {(faults.DownedAfter is { } d ? $"{d.TotalSeconds:0.0} s" : "never")} after the kill"
                    + (faults.RejoinedAfter is { } r ? $"; restarted, ready after {r.TotalSeconds:0.0} s" : "")
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
            .Row(
                "poison sent / in DLQ / dead-lettered twice",
                $"{faults.PoisonSent.Count} / {poisonFound} / {poisonRepeats}"
            )
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
                poisonFound == faults.PoisonSent.Count && faults.PoisonSent.Count == poisonCount,
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
}
