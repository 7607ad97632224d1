using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AlertActors.Ingest;
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
/// Options: --keys, --rate (events/s), --seconds (stream length), --poison (count), --seed; the timeline in seconds from
/// the stream's start: --kill-at, --faults-at, --fault-seconds (each of 503, 429, refused; poison in the middle),
/// --restart-at (0 = the killed node stays down); --victim 1..3 (1 = the seed); --converge-within (s after the stream);
/// --skip-poison KIND (leave out poison kinds starting with KIND); --keep-database 1 (leave the journal for a post-mortem).
/// Quick kills node 2 and keeps it down; full kills the seed and restarts it mid-stream.
/// </summary>
public static class ChaosScenario
{
    private const string PagerDuty = "pagerduty";

    /// <summary>Sizes and the fault timeline (seconds from the stream's start).</summary>
    private sealed record Options(int Keys, int Rate, int Seconds, int Poison, int Victim, int KillAt, int FaultsAt, int FaultSeconds,
        int RestartAt, int Seed, TimeSpan Within, string? SkipPoison, bool KeepDatabase)
    {
        public static Options From(BenchArgs args) => new(
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
            KeepDatabase: args.Int("--keep-database", quick: 0, full: 0) == 1);

        public double PoisonAt => FaultsAt + 1.5 * FaultSeconds;
    }

    public static async Task<ResultTable> RunAsync(BenchArgs args)
    {
        var options = Options.From(args);
        if (options.Victim is < 0 or > 2) throw new ArgumentException("--victim must be 1, 2 or 3");
        await using var stub = await ProviderStub.StartAsync();
        var startClock = Stopwatch.StartNew();
        await using var cluster = await BenchCluster.StartAsync(stub.Hocon + """

            alertactors.defaults.providers = [pagerduty]
            alertactors.defaults.throttle { cooldown = 0s, max-per-hour = 0 }
            alertactors.defaults.repeat-interval = 0s
            alertactors.defaults.auto-resolve-after = 0s
            alertactors.delivery { retry-base-delay = 100ms, retry-max-delay = 1s }
            alertactors.delivery.breaker { max-failures = 5, reset-timeout = 2s }
            """, keepDatabase: options.KeepDatabase);
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

    private static async Task<ResultTable> RunOnAsync(Options options, BenchCluster cluster, ProviderStub stub, TimeSpan clusterStart)
    {
        var (keys, rate, seconds, poisonCount, victim, killAt, faultsAt, faultSeconds, restartAt, seed, within, skipPoison, _) = options;
        var plan = new ChaosPlan(keys, rate * seconds, seed);
        var poisonAt = options.PoisonAt;
        var log = new Log();
        log.Say($"3 nodes Up after {clusterStart.TotalSeconds:0.0} s; stream of {plan.Events} events over {keys} keys at {rate}/s");

        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = cluster.Broker.BootstrapServers, LingerMs = 5, EnableIdempotence = true, Acks = Acks.All,
        }).Build();
        var written = new Written();

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
                var stats = ShardsPerNodeAsync(asker);
                await Task.WhenAny(stats, At(clock, killAt));
                if (!stats.IsCompleted) break;
                if (stats.Result.Values.Sum(v => v.Shards) > 0) shards = stats.Result;
                await Task.WhenAny(Task.Delay(500), At(clock, killAt));
            }
            await cluster.KillAsync(victim);
            killedAt = clock.Elapsed;
            killedHosted = shards.TryGetValue(cluster.AddressOf(victim), out var own)
                ? $"{own.Shards} of {shards.Values.Sum(v => v.Shards)} shards, {own.Entities} alerts"
                : "? shards (no shard stats answered before the kill)";
            log.Say($"killed node {victim + 1} (SIGKILL), it hosted {killedHosted}");
            downedAfter = await RemovedAfterAsync(cluster, victim, within);
            log.Say(downedAfter is { } d ? $"node {victim + 1} removed from the cluster {d.TotalSeconds:0.0} s after the kill" : $"node {victim + 1} never removed");
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
            var reports = await Task.WhenAll(poison.Select((p, n) =>
                producer.ProduceAsync(BenchCluster.Topic, new Message<string, byte[]> { Key = $"poison-{n}", Value = p.Value })));
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
            if (restartAt <= 0) return;
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
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = cluster.Broker.BootstrapServers }).Build();
        AlertSeen?[]? alerts = null;
        List<string>[] calls;
        long uncommitted;
        bool settled;
        while (true)
        {
            deadLetters.ReadAvailable(TimeSpan.FromMilliseconds(100));
            uncommitted = await UncommittedAsync(admin, written);
            calls = CallsPerKey(stub, keys);
            var quiet = uncommitted == 0 && poisonSent.All(p => deadLetters.CountOf(p.Partition, p.Offset) > 0);
            // The alerts are asked only once Kafka is drained (K requests a round), and at least once.
            if (quiet || alerts is null) alerts = await FetchAlertsAsync(cluster, keys);
            settled = quiet && Enumerable.Range(0, keys).All(k => Settled(alerts[k], expected[k], calls[k]));
            if (settled || clock.Elapsed > deadline || !cluster.Running.Any()) break;
            await Task.Delay(500);
        }
        var convergedAfter = clock.Elapsed - streamEnd;
        log.Say(settled ? $"settled {convergedAfter.TotalSeconds:0.0} s after the stream" : "deadline passed before the system settled");

        // Room for a late duplicate or reordered call to show up, then the final picture.
        await Task.Delay(TimeSpan.FromSeconds(2));
        calls = CallsPerKey(stub, keys);
        deadLetters.ReadAvailable(TimeSpan.FromSeconds(1));
        uncommitted = await UncommittedAsync(admin, written);
        var died = cluster.Nodes.Select((n, i) => (Node: n, Number: i + 1))
            .Where(n => n.Node is { HasExited: true } && !(n.Number == victim + 1 && restartAt <= 0))
            .Select(n => $"node {n.Number} exited with {n.Node!.ExitCode}").ToList();
        var deadDeliveries = cluster.Running.Any() ? await DeadDeliveriesAsync(cluster) : -1;
        var metrics = await SurvivorMetricsAsync(cluster);

        // ---- verdicts --------------------------------------------------------------------------------------------
        var verdicts = Enumerable.Range(0, keys).Select(k => new KeyVerdict(k, expected[k], calls[k], alerts[k])).ToList();
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
        var validInDeadLetters = deadLetters.Messages.Where(m => m.Value.Contains("\"id\":\"chaos-", StringComparison.Ordinal)).ToList();
        var resolvesInDeadLetters = validInDeadLetters.Count(m => m.Value.Contains("\"action\":\"resolve\"", StringComparison.Ordinal));
        // A dead-lettered trigger whose key still counted every trigger was recorded anyway (an earlier attempt got through late).
        var recordedAnyway = validInDeadLetters.Count(m => !m.Value.Contains("\"action\":\"resolve\"", StringComparison.Ordinal)
            && verdicts.Any(v => v.OccurrencesShort == 0 && m.Value.Contains($"\"subject\":\"{ChaosPlan.Subject(v.Key)}\"", StringComparison.Ordinal)));
        var poisonFound = poisonSent.Count(p => deadLetters.CountOf(p.Partition, p.Offset) > 0);
        var poisonRepeats = poisonSent.Sum(p => Math.Max(0, deadLetters.CountOf(p.Partition, p.Offset) - 1));
        var poisonMissing = poisonSent.Where(p => deadLetters.CountOf(p.Partition, p.Offset) == 0).GroupBy(p => p.Kind).Select(g => $"{g.Key} ×{g.Count()}").ToList();
        var undelivered = alerts.Sum(a => a?.Undelivered ?? 0);
        var unanswered = alerts.Count(a => a is { Occurrences: < 0 });

        var bad = verdicts.Where(v => v.OutOfOrder || v.Lost || v.OccurrencesOver > 0).ToList();
        foreach (var v in bad.Take(8)) log.Say("  " + v.Describe());
        if (poisonMissing.Count > 0) log.Say("  poison not in the DLQ: " + string.Join(", ", poisonMissing));
        foreach (var reason in validInDeadLetters.GroupBy(m => m.Reason).Take(3)) log.Say($"  {reason.Count()} valid events dead-lettered: {reason.Key}");
        if (bad.Count > 0 || poisonMissing.Count > 0 || validInDeadLetters.Count > 0 || !settled || died.Count > 0)
            log.Say($"node logs and the event plan are in {await DumpAsync(cluster, plan, produced)}");

        return new ResultTable("chaos")
            .Row("scenario", "chaos: steady Kafka stream into 3 nodes (PostgreSQL); kill -9 one node; provider 503 → 429 → refused; poison burst")
            .Row("keys / events (of them resolves) / rate", $"{keys} / {produced} ({produced - occurrencesExpected}) / {rate} events/s for {seconds} s")
            .Row("timeline (s from stream start)",
                $"kill node {victim + 1} at {killedAt.TotalSeconds:0.0}; 503 at {faultsAt}, 429 at {faultsAt + faultSeconds}, refused at {faultsAt + 2 * faultSeconds}, accept at {faultsAt + 3 * faultSeconds}; " +
                $"poison at {poisonAt:0.#}; {(restartAt > 0 ? $"node {victim + 1} restarted at {restartAt}" : "killed node not restarted")}; stream end {streamEnd.TotalSeconds:0.0}")
            .Row("cluster start (3 nodes Up, 3 shard regions registered)", $"{clusterStart.TotalSeconds:0.0} s")
            .Row("killed node", $"node {victim + 1}{(victim == 0 ? " (the seed)" : "")}, hosting {killedHosted}; removed from the cluster {(downedAfter is { } d ? $"{d.TotalSeconds:0.0} s" : "never")} after the kill" +
                                (rejoinedAfter is { } r ? $"; restarted, ready after {r.TotalSeconds:0.0} s" : ""))
            .Row("provider rejections", $"stub answered {stub.Rejected} calls 503/429; survivors counted {metrics.Retryable} retryable outcomes (503, 429, refused, breaker open), breaker opened {metrics.BreakerOpened}×")
            .Row("triggers expected / received in order / calls", $"{triggersExpected} / {triggersInOrder} / {triggerCalls}")
            .Row("resolves expected / received in order / calls", $"{resolvesExpected} / {resolvesInOrder} / {resolveCalls}")
            .Row("repeated calls (at-least-once, allowed)", repeats)
            .Row("occurrences expected / recorded", $"{occurrencesExpected} / {alerts.Sum(a => Math.Max(0, a?.Occurrences ?? 0))}")
            .Row("keys: lifecycle ≠ events' order / stub calls ≠ alert's timeline", $"{lifecycleWrong} / {deliveryOutOfOrder + deliveryLost}")
            .Row("poison sent / in DLQ / dead-lettered twice", $"{poisonSent.Count} / {poisonFound} / {poisonRepeats}")
            .Row("DLQ messages / valid events among them", $"{deadLetters.Messages.Count} / {validInDeadLetters.Count}")
            .Row("settled after stream end", settled ? $"{convergedAfter.TotalSeconds:0.0} s" : $"not within {within.TotalSeconds:0} s")
            .Check("no node stopped but the killed one", died.Count == 0, died.Count == 0 ? $"{cluster.Running.Count()} running" : string.Join(", ", died))
            .Check("every event produced", produced == plan.Events && written.Failed == 0, $"{produced} of {plan.Events}, {written.Failed} produce failures")
            .Check("every expected incident triggered", triggersInOrder == triggersExpected, $"{triggersInOrder} of {triggersExpected} triggers")
            .Check("none lost", occurrencesShort == 0 && deliveryLost == 0 && unanswered == 0,
                $"{occurrencesShort} trigger events not counted, {deliveryLost} keys missing a call their alert made" +
                (unanswered > 0 ? $", {unanswered} alerts did not answer" : ""))
            .Check("no valid event dead-lettered", validInDeadLetters.Count == 0,
                validInDeadLetters.Count == 0 ? "0 in the DLQ"
                    : $"{validInDeadLetters.Count - resolvesInDeadLetters} triggers ({recordedAnyway} of them counted by their alert anyway) and {resolvesInDeadLetters} resolves in the DLQ: every ask attempt timed out")
            .Check("none counted twice", occurrencesOver == 0, $"{occurrencesOver} occurrences over")
            .Check("per-key order kept", lifecycleWrong == 0 && deliveryOutOfOrder == 0,
                $"{lifecycleWrong} of {keys} keys with a lifecycle other than their events' order, {deliveryOutOfOrder} with calls out of their alert's order; {repeats} repeated calls")
            .Check("poison all in the DLQ", poisonFound == poisonSent.Count && poisonSent.Count == poisonCount,
                $"{poisonFound} of {poisonCount}, {poisonRepeats} twice{(poisonMissing.Count > 0 ? "; missing: " + string.Join(", ", poisonMissing) : "")}")
            .Check("no delivery pending or dead", undelivered == 0 && deadDeliveries == 0, $"{undelivered} not delivered in the alerts, {deadDeliveries} in /deliveries/dead")
            .Check("every offset committed", uncommitted == 0, $"{uncommitted} messages not committed")
            .Check("settled before the deadline", settled, $"{convergedAfter.TotalSeconds:0.0} s after the stream (limit {within.TotalSeconds:0} s)");
    }

    /// <summary>Writes every node's output and the events sent (index, key, action) for a post-mortem; returns the directory.</summary>
    private static async Task<string> DumpAsync(BenchCluster cluster, ChaosPlan plan, int produced)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"alertactors-chaos-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        Directory.CreateDirectory(directory);
        for (var i = 0; i < cluster.Nodes.Length; i++)
            await File.WriteAllTextAsync(Path.Combine(directory, $"node{i + 1}.log"), cluster.Nodes[i]?.Output ?? "(not running)");
        await File.WriteAllLinesAsync(Path.Combine(directory, "events.txt"),
            Enumerable.Range(0, produced).Select(i => $"chaos-{i} {ChaosPlan.Subject(plan.KeyOf(i))} {(plan.IsResolve(i) ? ChaosPlan.Resolve : ChaosPlan.Trigger)}"));
        return directory;
    }

    // ---- the stream ------------------------------------------------------------------------------------------------

    private static async Task<int> StreamAsync(IProducer<string, byte[]> producer, ChaosPlan plan, int rate, Stopwatch clock, Written written)
    {
        var i = 0;
        while (i < plan.Events)
        {
            var due = Math.Min(plan.Events, (int)(clock.Elapsed.TotalSeconds * rate) + 1);
            for (; i < due; i++)
                producer.Produce(BenchCluster.Topic, new Message<string, byte[]> { Key = ChaosPlan.Subject(plan.KeyOf(i)), Value = plan.Payload(i) }, written.Report);
            await Task.Delay(10);
        }
        producer.Flush(TimeSpan.FromSeconds(30));
        return written.Delivered;
    }

    private static async Task At(Stopwatch clock, double seconds)
    {
        var wait = TimeSpan.FromSeconds(seconds) - clock.Elapsed;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }

    /// <summary>The highest offset written to each partition (events and poison), and how many events were written.</summary>
    private sealed class Written
    {
        private readonly ConcurrentDictionary<int, long> _next = new();
        private int _delivered;
        private int _failed;

        public int Delivered => Volatile.Read(ref _delivered);

        public int Failed => Volatile.Read(ref _failed);

        public IReadOnlyDictionary<int, long> NextOffsets => _next;

        public void Report(DeliveryReport<string, byte[]> report)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref _failed);
                return;
            }
            Interlocked.Increment(ref _delivered);
            Add(report.Partition.Value, report.Offset.Value);
        }

        public void Add(int partition, long offset) => _next.AddOrUpdate(partition, offset + 1, (_, next) => Math.Max(next, offset + 1));
    }

    // ---- what the outside shows ------------------------------------------------------------------------------------

    /// <summary>The PagerDuty actions the stub accepted, per key, in arrival order.</summary>
    private static List<string>[] CallsPerKey(ProviderStub stub, int keys)
    {
        var byKey = Enumerable.Range(0, keys).Select(_ => new List<string>()).ToArray();
        var index = Enumerable.Range(0, keys).ToDictionary(ChaosPlan.DedupKey);
        foreach (var arrival in stub.Arrivals)
            if (arrival.Provider == PagerDuty && index.TryGetValue(arrival.Key, out var k)) byKey[k].Add(arrival.Action);
        return byKey;
    }

    /// <summary>Consecutive repeats of one call folded into one (at-least-once: a call may arrive more than once).</summary>
    private static List<string> Collapse(IReadOnlyList<string> calls)
    {
        var runs = new List<string>();
        foreach (var call in calls)
            if (runs.Count == 0 || runs[^1] != call) runs.Add(call);
        return runs;
    }

    private sealed record AlertSeen(long Occurrences, string Status, IReadOnlyList<string> Timeline, int Undelivered);

    /// <summary>
    /// Nothing more will change for this key: every trigger event counted (or, for a key that only got resolves, no
    /// alert), no delivery pending, and the stub got the calls the alert's timeline implies.
    /// </summary>
    private static bool Settled(AlertSeen? alert, ChaosPlan.Expectation expected, IReadOnlyList<string> calls) =>
        expected.FinalStatus is null
            ? alert is null && calls.Count == 0
            : alert is { Undelivered: 0 } && alert.Occurrences == expected.Occurrences && Collapse(calls).SequenceEqual(CallsOf(alert.Timeline));

    /// <summary>The provider calls a timeline implies: a trigger when it fired, a resolve when it resolved.</summary>
    private static IEnumerable<string> CallsOf(IEnumerable<string> timeline) =>
        timeline.Select(change => change == "firing" ? ChaosPlan.Trigger : change == "resolved" ? ChaosPlan.Resolve : change);

    /// <summary>Every key's alert from the entity (GET /api/v1/alerts/{key}), spread over the running nodes.</summary>
    private static async Task<AlertSeen?[]> FetchAlertsAsync(BenchCluster cluster, int keys)
    {
        var nodes = cluster.Running.ToList();
        var result = new AlertSeen?[keys];
        if (nodes.Count == 0) return result.Select(_ => new AlertSeen(-1, "no node running", [], 0)).ToArray();
        await Parallel.ForEachAsync(Enumerable.Range(0, keys), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (k, ct) =>
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(20));
                using var response = await nodes[k % nodes.Count].Http.GetAsync($"/api/v1/alerts/{Uri.EscapeDataString(ChaosPlan.DedupKey(k))}", timeout.Token);
                if (!response.IsSuccessStatusCode)
                {
                    result[k] = response.StatusCode == System.Net.HttpStatusCode.NotFound ? null : new AlertSeen(-1, $"HTTP {(int)response.StatusCode}", [], 0);
                    return;
                }
                var alert = JsonNode.Parse(await response.Content.ReadAsStringAsync(timeout.Token))!;
                result[k] = new AlertSeen(
                    alert["occurrences"]!.GetValue<long>(),
                    alert["status"]!.GetValue<string>(),
                    alert["timeline"]!.AsArray().Select(t => t!["change"]!.GetValue<string>()).ToList(),
                    alert["deliveries"]!.AsArray().Count(d => d!["status"]!.GetValue<string>() != "delivered"));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                result[k] = new AlertSeen(-1, ex.GetType().Name, [], 0);
            }
        });
        return result;
    }

    /// <summary>What one key showed against what its events imply.</summary>
    private sealed record KeyVerdict(int Key, ChaosPlan.Expectation Expected, IReadOnlyList<string> Calls, AlertSeen? Alert)
    {
        private List<string> Runs { get; } = Collapse(Calls);

        /// <summary>Calls repeated back to back (at-least-once: allowed, counted).</summary>
        public int Repeats => Calls.Count - Runs.Count;

        private IReadOnlyList<string> InOrder => Expected.Calls.Take(Runs.Zip(Expected.Calls, (seen, wanted) => seen == wanted).TakeWhile(same => same).Count()).ToList();

        public int TriggersInOrder => InOrder.Count(c => c == ChaosPlan.Trigger);

        public int ResolvesInOrder => InOrder.Count(c => c == ChaosPlan.Resolve);

        /// <summary>The alert's firing/resolved history or final status differs from what the events imply, in their order.</summary>
        public bool LifecycleWrong => Alert?.Status != Expected.FinalStatus || !(Alert?.Timeline ?? []).SequenceEqual(Expected.Timeline);

        private List<string> Mirror => CallsOf(Alert?.Timeline ?? []).ToList();

        /// <summary>The stub got a call the alert's own timeline does not imply, or in another order.</summary>
        public bool DeliveryOutOfOrder => !(Runs.Count <= Mirror.Count && Runs.SequenceEqual(Mirror.Take(Runs.Count)));

        /// <summary>A call the alert's timeline implies never reached the stub.</summary>
        public bool DeliveryLost => !DeliveryOutOfOrder && Runs.Count < Mirror.Count;

        public long OccurrencesShort => Math.Max(0, Expected.Occurrences - Math.Max(0, Alert?.Occurrences ?? 0));

        public long OccurrencesOver => Math.Max(0, (Alert?.Occurrences ?? 0) - Expected.Occurrences);

        public bool OutOfOrder => LifecycleWrong || DeliveryOutOfOrder;

        public bool Lost => OccurrencesShort > 0 || DeliveryLost;

        public string Describe() =>
            $"{ChaosPlan.DedupKey(Key)}: events imply [{Short(Expected.Calls)}], {Expected.Occurrences} occurrences, final {Expected.FinalStatus ?? "(no alert)"}; " +
            (Alert is null ? "no alert" : $"alert: {Alert.Occurrences} occurrences, {Alert.Status}, timeline [{Short(CallsOf(Alert.Timeline))}]") +
            $"; stub got [{Short(Calls)}]";

        private static string Short(IEnumerable<string> calls) => string.Join(" ", calls.Select(c => c == ChaosPlan.Trigger ? "T" : c == ChaosPlan.Resolve ? "R" : c));
    }

    /// <summary>Reads the whole dead-letter topic (from the beginning, no group), keeping what it has read.</summary>
    private sealed class DeadLetterReader : IDisposable
    {
        private readonly IConsumer<byte[]?, byte[]> _consumer;
        private readonly Dictionary<(int, long), int> _bySource = [];

        public DeadLetterReader(string bootstrapServers)
        {
            _consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
            {
                BootstrapServers = bootstrapServers, GroupId = $"bench-chaos-{Guid.NewGuid():N}", EnableAutoCommit = false,
                AutoOffsetReset = AutoOffsetReset.Earliest,
            }).Build();
            _consumer.Assign(Enumerable.Range(0, Host.Kafka.EmbeddedKafkaBroker.Partitions)
                .Select(p => new TopicPartitionOffset(BenchCluster.DeadLetterTopic, p, Offset.Beginning)));
        }

        public List<(string Value, string Reason)> Messages { get; } = [];

        public int CountOf(int partition, long offset) => _bySource.GetValueOrDefault((partition, offset));

        /// <summary>Reads what has arrived, until nothing more comes within <paramref name="quiet"/>.</summary>
        public void ReadAvailable(TimeSpan quiet)
        {
            while (_consumer.Consume(quiet) is { } result)
            {
                if (result.IsPartitionEOF) continue;
                var headers = result.Message.Headers;
                string? Header(string name) => headers.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
                Messages.Add((Encoding.UTF8.GetString(result.Message.Value ?? []), Header(DeadLetterHeaders.Reason) ?? ""));
                if (int.TryParse(Header(DeadLetterHeaders.SourcePartition), CultureInfo.InvariantCulture, out var partition)
                    && long.TryParse(Header(DeadLetterHeaders.SourceOffset), CultureInfo.InvariantCulture, out var offset))
                    _bySource[(partition, offset)] = CountOf(partition, offset) + 1;
            }
        }

        public void Dispose()
        {
            _consumer.Close();
            _consumer.Dispose();
        }
    }

    /// <summary>Messages written to the input topic that the group has not committed yet.</summary>
    private static async Task<long> UncommittedAsync(IAdminClient admin, Written written)
    {
        var partitions = Enumerable.Range(0, Host.Kafka.EmbeddedKafkaBroker.Partitions).Select(p => new TopicPartition(BenchCluster.Topic, p)).ToList();
        var offsets = await admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(BenchCluster.Group, partitions)]);
        var committed = offsets[0].Partitions.ToDictionary(p => p.Partition.Value, p => Math.Max(0, p.Offset.Value));
        return written.NextOffsets.Sum(p => Math.Max(0, p.Value - committed.GetValueOrDefault(p.Key)));
    }

    // ---- cluster and node views ------------------------------------------------------------------------------------

    /// <summary>Shards and alerts of the alert region per node address, as <paramref name="asker"/> sees them (empty when the stats do not come within 8 s).</summary>
    private static async Task<IReadOnlyDictionary<string, (int Shards, int Entities)>> ShardsPerNodeAsync(NodeUnderTest asker)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(8));
            var json = JsonNode.Parse(await asker.Http.GetStringAsync("/api/v1/cluster", timeout.Token))!;
            return json["shard_regions"]!.AsArray().Single()!["nodes"]!.AsArray().ToDictionary(
                n => n!["address"]!.GetValue<string>(), n => (n!["shards"]!.GetValue<int>(), n["entities"]!.GetValue<int>()));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or NullReferenceException or InvalidOperationException)
        {
            return new Dictionary<string, (int, int)>();
        }
    }

    /// <summary>The sum of the samples of <paramref name="name"/> in a Prometheus text scrape whose labels contain <paramref name="label"/>; null when there is none.</summary>
    private static long? Sum(string scrape, string name, string label = "")
    {
        var values = scrape.Split('\n')
            .Where(l => (l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal)) && l.Contains(label, StringComparison.Ordinal))
            .Select(l => (long)double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .ToList();
        return values.Count == 0 ? null : values.Sum();
    }

    /// <summary>How long from now (just after the kill) the survivors dropped the node from their member list.</summary>
    private static async Task<TimeSpan?> RemovedAfterAsync(BenchCluster cluster, int index, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        var address = cluster.AddressOf(index);
        while (clock.Elapsed < within)
        {
            var asker = cluster.Nodes.Where((n, i) => i != index && n is { HasExited: false }).FirstOrDefault();
            if (asker is null) return null;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
                var json = JsonNode.Parse(await asker.Http.GetStringAsync("/api/v1/cluster", timeout.Token))!;
                if (json["members"]!.AsArray().All(m => m!["address"]!.GetValue<string>() != address)) return clock.Elapsed;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        return null;
    }

    private static async Task<int> DeadDeliveriesAsync(BenchCluster cluster)
    {
        try
        {
            var json = JsonNode.Parse(await cluster.Running.First().Http.GetStringAsync("/api/v1/deliveries/dead"))!;
            return json["total"]!.GetValue<int>();
        }
        catch (HttpRequestException)
        {
            return -1;
        }
    }

    private sealed record SurvivorMetrics(long Retryable, long BreakerOpened);

    /// <summary>Delivery outcomes and breaker transitions the running nodes counted (a killed node's counts are gone).</summary>
    private static async Task<SurvivorMetrics> SurvivorMetricsAsync(BenchCluster cluster)
    {
        long retryable = 0, opened = 0;
        foreach (var node in cluster.Running)
        {
            string text;
            try
            {
                text = await node.Http.GetStringAsync("/metrics");
            }
            catch (HttpRequestException)
            {
                continue;
            }
            retryable += Sum(text, "alertactors_notifications_total", "outcome=\"retryable\"") ?? 0;
            opened += Sum(text, "alertactors_breaker_transitions_total", "to=\"open\"") ?? 0;
        }
        return new SurvivorMetrics(retryable, opened);
    }

    /// <summary>Progress lines with the time since the stream started.</summary>
    private sealed class Log
    {
        public Stopwatch? Clock { get; set; }

        public void Say(string line) => Console.WriteLine(Clock is null ? $"chaos: {line}" : $"chaos {Clock.Elapsed.TotalSeconds,6:0.0}s: {line}");
    }
}
