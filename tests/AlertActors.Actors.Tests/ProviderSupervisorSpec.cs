using Akka.Actor;
using Akka.TestKit;
using AlertActors.Actors.Delivery;
using AlertActors.Configuration;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The per-provider supervisor (circuit breaker, per-routing-key rate limit, backoff-supervised client) with a
/// scripted in-memory provider, in virtual time. Alert entities riding out an outage: <see cref="ProviderOutageSpec"/>.
/// </summary>
public sealed class ProviderSupervisorSpec : SqliteJournalSpec
{
    private const string Provider = "scripted";
    private static readonly TimeSpan NoMessage = TimeSpan.FromMilliseconds(200);
    private readonly BreakerStateRegistry _registry = new();
    private readonly TestProbe _transitions;

    public ProviderSupervisorSpec()
    {
        _transitions = CreateTestProbe("transitions");
        Sys.EventStream.Subscribe(_transitions.Ref, typeof(BreakerState));
    }

    private static DeliverySettings Settings(int ratePerMinute = 0) =>
        new()
        {
            BreakerMaxFailures = 5,
            BreakerResetTimeout = TimeSpan.FromSeconds(30),
            CallTimeout = TimeSpan.FromSeconds(30),
            RateLimitsPerMinute = new Dictionary<string, int> { [Provider] = ratePerMinute },
        };

    [Fact]
    public void After_five_consecutive_retryable_outcomes_the_breaker_opens_and_deliveries_fail_fast_without_a_call()
    {
        var provider = new ScriptedProvider(Provider, () => Scheduler.Now) { Down = true };
        var supervisor = Start(provider);
        ExpectTransition(BreakerStatus.Closed);

        for (var i = 1; i <= 4; i++)
        {
            Assert.Equal("provider down", DeliverAndExpect(supervisor, i).Outcome.Detail);
            Assert.Equal(BreakerStatus.Closed, _registry.Get(Provider)!.Status);
        }
        Assert.Equal("provider down", DeliverAndExpect(supervisor, 5).Outcome.Detail);
        ExpectTransition(BreakerStatus.Open);
        Assert.True(_registry.Get(Provider)!.IsOpen);
        Assert.Equal(1, _registry.Get(Provider)!.TimesOpened);

        var fast = DeliverAndExpect(supervisor, 6);
        Assert.Equal(
            (DeliveryOutcomeKind.Retryable, $"circuit open for {Provider}", TimeSpan.FromSeconds(30)),
            (fast.Outcome.Kind, fast.Outcome.Detail, fast.Outcome.RetryAfter)
        );
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(20), DeliverAndExpect(supervisor, 7).Outcome.RetryAfter);
        Assert.Equal(5, provider.Calls.Count);
    }

    [Fact]
    public void A_provider_without_a_circuit_breaker_is_called_for_every_delivery_however_many_fail()
    {
        // Remediation: each rule has its own endpoint, so one failing endpoint must not refuse the others' attempts.
        var provider = new ScriptedProvider(Provider, () => Scheduler.Now) { Down = true, HasCircuitBreaker = false };
        var supervisor = Start(provider);
        ExpectTransition(BreakerStatus.Closed);

        for (var i = 1; i <= 12; i++)
            Assert.Equal("provider down", DeliverAndExpect(supervisor, i).Outcome.Detail);

        Assert.Equal(12, provider.Calls.Count);
        Assert.Equal(BreakerStatus.Closed, _registry.Get(Provider)!.Status);
    }

    [Fact]
    public void Provider_answers_and_unexpected_errors_leave_the_client_with_every_secret_masked()
    {
        const string secret = "rk-0123456789abcdef";
        var calls = 0;
        var provider = new ScriptedProvider(Provider, () => Scheduler.Now)
        {
            Script = _ =>
                Interlocked.Increment(ref calls) switch
                {
                    1 => Task.FromResult(
                        new DeliveryOutcome(
                            DeliveryOutcomeKind.Permanent,
                            $"HTTP 401: {{\"routing_key\":\"{secret}\"}}"
                        )
                    ),
                    2 => Task.FromResult(
                        new DeliveryOutcome(DeliveryOutcomeKind.Delivered, $"HTTP 202: echo {secret}")
                    ),
                    _ => Task.FromException<DeliveryOutcome>(
                        new InvalidOperationException($"handler broke on {secret}")
                    ),
                },
        };
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Akka.Event.Error));
        var supervisor = Start(provider, Settings() with { Redactor = new SecretRedactor([secret]) });

        Assert.Equal("HTTP 401: {\"routing_key\":\"***\"}", DeliverAndExpect(supervisor, 1).Outcome.Detail);
        Assert.Equal("HTTP 202: echo ***", DeliverAndExpect(supervisor, 2).Outcome.Detail);
        Assert.Equal("InvalidOperationException: handler broke on ***", DeliverAndExpect(supervisor, 3).Outcome.Detail);

        // The crash is logged (masked) and the client restarted; no log line carries the secret.
        var logged = errors
            .ReceiveWhile<Akka.Event.Error>(TimeSpan.FromSeconds(5), NoMessage, m => (Akka.Event.Error)m, int.MaxValue)
            .ToList();
        Assert.Contains(logged, e => e.ToString().Contains("handler broke on ***", StringComparison.Ordinal));
        Assert.DoesNotContain(
            logged,
            e =>
                e.ToString().Contains(secret, StringComparison.Ordinal)
                || (e.Cause?.ToString() ?? "").Contains(secret, StringComparison.Ordinal)
        );
    }

    [Fact]
    public void A_success_in_between_resets_the_count_of_consecutive_failures()
    {
        var provider = new ScriptedProvider(Provider, () => Scheduler.Now) { Down = true };
        var supervisor = Start(provider);
        ExpectTransition(BreakerStatus.Closed);
        for (var i = 1; i <= 4; i++)
            DeliverAndExpect(supervisor, i);
        provider.Down = false;
        Assert.Equal(DeliveryOutcomeKind.Delivered, DeliverAndExpect(supervisor, 5).Outcome.Kind);
        provider.Down = true;
        for (var i = 6; i <= 9; i++)
            DeliverAndExpect(supervisor, i);

        _transitions.ExpectNoMsg(NoMessage);
        Assert.Equal(9, provider.Calls.Count);
    }

    [Fact]
    public void After_the_reset_timeout_one_probe_goes_through_failure_reopens_and_success_closes()
    {
        var provider = new ScriptedProvider(Provider, () => Scheduler.Now) { Down = true };
        var supervisor = Start(provider);
        ExpectTransition(BreakerStatus.Closed);
        for (var i = 1; i <= 5; i++)
            DeliverAndExpect(supervisor, i);
        ExpectTransition(BreakerStatus.Open);

        Scheduler.Advance(TimeSpan.FromSeconds(30));
        ExpectTransition(BreakerStatus.HalfOpen);
        Assert.Equal("provider down", DeliverAndExpect(supervisor, 6).Outcome.Detail); // the probe fails
        ExpectTransition(BreakerStatus.Open);
        Assert.Equal($"circuit open for {Provider}", DeliverAndExpect(supervisor, 7).Outcome.Detail);
        Assert.Equal(6, provider.Calls.Count);

        Scheduler.Advance(TimeSpan.FromSeconds(30));
        ExpectTransition(BreakerStatus.HalfOpen);
        provider.Down = false;
        var gate = provider.HoldNextCall();
        supervisor.Tell(DeliverOf(8));
        AwaitCondition(() => provider.Calls.Count == 7);
        // While the probe is out, everything else fails fast.
        var meanwhile = DeliverAndExpect(supervisor, 9);
        Assert.Equal(
            (DeliveryOutcomeKind.Retryable, $"circuit half-open for {Provider}: a probe call is in progress"),
            (meanwhile.Outcome.Kind, meanwhile.Outcome.Detail)
        );
        gate.SetResult(new DeliveryOutcome(DeliveryOutcomeKind.Delivered, "ok"));
        var probe = ExpectMsg<Attempted>();
        Assert.Equal((8L, DeliveryOutcomeKind.Delivered), (probe.Number, probe.Outcome.Kind));
        ExpectTransition(BreakerStatus.Closed);

        Assert.Equal(DeliveryOutcomeKind.Delivered, DeliverAndExpect(supervisor, 10).Outcome.Kind);
        Assert.Equal(8, provider.Calls.Count);
        Assert.Equal(
            (BreakerStatus.Closed, 2L),
            (_registry.Get(Provider)!.Status, _registry.Get(Provider)!.TimesOpened)
        );
    }

    [Fact]
    public void Every_deliver_is_answered_exactly_once_whether_the_call_succeeds_fails_throws_or_never_answers()
    {
        const int count = 60;
        var provider = new ScriptedProvider(Provider, () => Scheduler.Now)
        {
            Script = request =>
                (int.Parse(request.DedupKey[2..]) % 5) switch
                {
                    0 => Task.FromResult(new DeliveryOutcome(DeliveryOutcomeKind.Delivered, "ok")),
                    1 => Task.FromResult(new DeliveryOutcome(DeliveryOutcomeKind.Retryable, "HTTP 503")),
                    2 => Task.FromResult(new DeliveryOutcome(DeliveryOutcomeKind.Permanent, "HTTP 400")),
                    3 => Task.FromException<DeliveryOutcome>(new InvalidOperationException("client bug")), // crashes the client
                    _ => new TaskCompletionSource<DeliveryOutcome>().Task, // never answers
                },
        };
        var supervisor = Start(provider);
        for (var i = 1; i <= count; i++)
            supervisor.Tell(DeliverOf(i, $"k-{i}"));

        var answers = new List<Attempted>();
        for (var step = 0; step < 40 && answers.Count < count; step++)
        {
            answers.AddRange(ReceiveWhile<Attempted>(NoMessage, msg => (Attempted)msg));
            Scheduler.Advance(TimeSpan.FromSeconds(5));
        }
        answers.AddRange(ReceiveWhile<Attempted>(NoMessage, msg => (Attempted)msg));
        ExpectNoMsg(NoMessage);

        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), answers.Select(a => a.Number).Order());
        Assert.All(
            answers.Where(a => a.Number % 5 == 4),
            a => Assert.Equal(DeliveryOutcomeKind.Retryable, a.Outcome.Kind)
        );
        Assert.Contains(answers, a => a.Outcome.Kind == DeliveryOutcomeKind.Delivered);
    }

    [Fact]
    public async Task A_burst_of_1000_triggers_for_one_routing_key_waits_for_the_rate_limit_and_none_is_dropped()
    {
        const int total = 1000;
        const int perMinute = 120;
        var provider = new ScriptedProvider(Provider, () => Scheduler.Now);
        var supervisor = Start(provider, Settings(perMinute));
        for (var i = 1; i <= total; i++)
            supervisor.Tell(DeliverOf(i, $"key-{i % 5}"));

        for (var second = 0; second <= 15 * 60 && provider.Calls.Count < total; second++)
        {
            if (second > 0)
                Scheduler.Advance(TimeSpan.FromSeconds(1));
            // Once the supervisor has slid its windows, every delivery not still queued gets its call at this instant.
            var status = await supervisor.Ask<ProviderSupervisor.ProviderStatus>(
                ProviderSupervisor.GetStatus.Instance,
                TimeSpan.FromSeconds(10)
            );
            await AwaitConditionAsync(
                () => provider.Calls.Count == total - status.Queued,
                TimeSpan.FromSeconds(10),
                TimeSpan.FromMilliseconds(5)
            );
        }

        var answers = ReceiveN(total, TimeSpan.FromSeconds(20)).Cast<Attempted>().ToList();
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), answers.Select(a => a.Number).Order());
        Assert.All(answers, a => Assert.Equal(DeliveryOutcomeKind.Delivered, a.Outcome.Kind));

        var times = provider.Calls.Select(c => c.At).Order().ToList();
        Assert.Equal(total, times.Count);
        var busiest = times.Select(t => times.Count(u => u >= t && u < t + TimeSpan.FromMinutes(1))).Max();
        Assert.True(busiest <= perMinute, $"{busiest} calls within one minute");
        Assert.Equal(perMinute, busiest);
        Assert.True(times[^1] - times[0] >= TimeSpan.FromMinutes(8), $"the burst took only {times[^1] - times[0]}");

        // Oldest first: each dedup key's calls leave in the order they were asked for.
        foreach (var key in provider.Calls.GroupBy(c => c.Request.DedupKey))
        {
            var summaries = key.Select(c => int.Parse(c.Request.Summary)).ToList();
            Assert.Equal(summaries.Order(), summaries);
        }
    }

    private IActorRef Start(INotificationProvider provider, DeliverySettings? settings = null) =>
        Sys.ActorOf(ProviderSupervisor.Props(provider, settings ?? Settings(), _registry));

    private Attempted DeliverAndExpect(IActorRef supervisor, long number)
    {
        supervisor.Tell(DeliverOf(number));
        var answer = ExpectMsg<Attempted>();
        Assert.Equal(number, answer.Number);
        return answer;
    }

    private void ExpectTransition(BreakerStatus status) =>
        Assert.Equal(status, _transitions.ExpectMsg<BreakerState>(s => s.Provider == Provider).Status);

    private static Deliver DeliverOf(long number, string dedupKey = "k-1") =>
        new(
            number,
            Provider,
            new NotificationRequest(
                dedupKey,
                NotificationAction.Trigger,
                number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Severity.Critical,
                "test",
                "link.down",
                "sw1",
                "site-a",
                DateTimeOffset.UnixEpoch,
                Details: null
            )
        );
}
