using System.Diagnostics;
using System.Threading.RateLimiting;
using Akka.Actor;
using Akka.Event;
using Akka.Pattern;
using AlertActors.Actors.Telemetry;
using AlertActors.Configuration;
using AlertActors.Domain;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications;

namespace AlertActors.Actors.Delivery;

/// <summary>
/// One per provider per node. Every <see cref="DeliveryMessages.Deliver"/> is answered with exactly one
/// <see cref="DeliveryMessages.Attempted"/>: after one call through the <see cref="ProviderClientActor"/> (kept
/// alive by a <see cref="BackoffSupervisor"/>), or at once while the provider's circuit breaker is open. Before a
/// call it takes a permit from the per-routing-key <see cref="RoutingKeyRateLimiter"/>, waiting (asynchronously,
/// oldest first) rather than dropping. The alert entity remains the durable record and does the long-term
/// retrying; this actor keeps nothing that must survive it.
/// </summary>
/// <remarks>
/// The breaker is <see cref="CircuitBreaker"/> from Akka, driven with <see cref="CircuitBreaker.Fail"/> and
/// <see cref="CircuitBreaker.Succeed"/> from outcomes: it has exactly the "N consecutive failures → open →
/// reset timeout → one half-open probe" semantics, runs its reset on the actor system's scheduler (virtual in
/// tests) and needs no extra package. Polly's breaker counts a failure ratio over a sampling window instead.
/// Only this actor touches the breaker; it reads the state after each outcome and when the reset fires, logs
/// each transition with the provider's name and publishes a <see cref="BreakerState"/>.
/// </remarks>
public sealed partial class ProviderSupervisor : ReceiveActor, IWithTimers
{
    private const string SlideTimer = "slide-rate-windows";
    private static long _lastCallId;

    private readonly INotificationProvider _provider;
    private readonly DeliverySettings _settings;
    private readonly BreakerStateRegistry _registry;
    private readonly AlertActorsMetrics _metrics;
    private readonly IRoutingKeyResolver? _routingKeys;
    private readonly RoutingKeyRateLimiter _limiter;
    private readonly CircuitBreaker _breaker;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<long, (Pending Pending, Task<RateLimitLease> Permit)> _waiting = [];
    private readonly Dictionary<long, Pending> _inFlight = [];
    private IActorRef _client = ActorRefs.Nobody;
    private long? _probe;
    private BreakerStatus _status = BreakerStatus.Closed;
    private DateTimeOffset _since;
    private DateTimeOffset _openedAt;
    private long _timesOpened;

    public ProviderSupervisor(
        INotificationProvider provider,
        DeliverySettings settings,
        BreakerStateRegistry registry,
        AlertActorsMetrics? metrics
    )
    {
        _provider = provider;
        _settings = settings;
        _registry = registry;
        _metrics = metrics ?? AlertActorsMetrics.Unobserved;
        _routingKeys = provider as IRoutingKeyResolver;
        _limiter = new RoutingKeyRateLimiter(settings.RateLimitFor(provider.Name));
        _breaker = new CircuitBreaker(
            Context.System.Scheduler,
            settings.BreakerMaxFailures,
            settings.CallTimeout,
            settings.BreakerResetTimeout
        );
        var self = Self;
        _breaker.OnHalfOpen(() => self.Tell(BreakerChanged.Instance));

        Receive<DeliveryMessages.Deliver>(OnDeliver);
        Receive<ProviderClientActor.Called>(called =>
        {
            if (!_inFlight.Remove(called.CallId, out var pending))
                return; // answered already (no answer in time)
            Timers.Cancel(TimerKey(called.CallId));
            RecordDuration(pending);
            Record(pending, called.Outcome.Kind == DeliveryOutcomeKind.Retryable);
            Answer(pending, called.Outcome);
        });
        Receive<CallTimedOut>(timedOut =>
        {
            if (!_inFlight.Remove(timedOut.CallId, out var pending))
                return;
            RecordDuration(pending);
            Record(pending, failed: true);
            Answer(
                pending,
                new DeliveryOutcome(
                    DeliveryOutcomeKind.Retryable,
                    $"no answer from {_provider.Name} within {DurationText.Format(CallTimeoutOf(pending))}"
                )
            );
        });
        Receive<BreakerChanged>(_ => Observe());
        Receive<SlideWindows>(_ => SlideWindowsAndCall());
        Receive<GetStatus>(_ =>
        {
            Observe();
            Sender.Tell(new ProviderStatus(Snapshot(), _waiting.Count, _limiter.Queued, _inFlight.Count));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(
        INotificationProvider provider,
        DeliverySettings settings,
        BreakerStateRegistry registry,
        AlertActorsMetrics? metrics = null
    ) => Akka.Actor.Props.Create(() => new ProviderSupervisor(provider, settings, registry, metrics));

    protected override void PreStart()
    {
        _since = Now;
        _client = Context.ActorOf(
            BackoffSupervisor.Props(
                Backoff.OnFailure(
                    ProviderClientActor.Props(_provider, _settings.Redactor),
                    "client",
                    _settings.ClientMinBackoff,
                    _settings.ClientMaxBackoff,
                    0.2,
                    maxNrOfRetries: -1
                )
            ),
            "client-backoff"
        );
        if (_limiter.IsLimited)
            Timers.StartPeriodicTimer(SlideTimer, SlideWindows.Instance, RoutingKeyRateLimiter.SlideInterval);
        Publish();
    }

    /// <summary>Also runs before a restart: whatever this instance still owes is answered, so no entity waits
    /// forever.</summary>
    protected override void PostStop()
    {
        foreach (var pending in _waiting.Values.Select(w => w.Pending).Concat(_inFlight.Values))
            Answer(
                pending,
                new DeliveryOutcome(DeliveryOutcomeKind.Retryable, $"{_provider.Name} delivery stopped on this node")
            );
        _waiting.Clear();
        _inFlight.Clear();
        _limiter.Dispose();
        base.PostStop();
    }

    private void OnDeliver(DeliveryMessages.Deliver deliver)
    {
        var pending = new Pending(
            Interlocked.Increment(ref _lastCallId),
            Sender,
            deliver,
            _provider.IsDryRun(deliver.Request)
        );
        if (pending.DryRun)
        {
            // Nothing leaves the node: no permit, no breaker.
            Call(pending);
            return;
        }
        Observe();
        if (_status == BreakerStatus.Open)
        {
            FailFast(pending);
            return;
        }

        var routingKey = _routingKeys?.RoutingKeyFor(deliver.Request) ?? "";
        ValueTask<RateLimitLease> acquiring;
        try
        {
            acquiring = _limiter.AcquireAsync(routingKey);
        }
        catch (Exception ex)
        {
            Answer(
                pending,
                new DeliveryOutcome(
                    DeliveryOutcomeKind.Retryable,
                    $"{_provider.Name} rate limiter failed: {ex.Message}"
                )
            );
            return;
        }
        if (acquiring.IsCompletedSuccessfully)
        {
            OnPermit(pending, acquiring.Result);
            return;
        }
        // Queued permits are granted only inside Slide, on this actor's thread: no await, no blocking.
        _waiting[pending.CallId] = (pending, acquiring.AsTask());
    }

    /// <summary>Slides the rate windows, then calls for every delivery whose permit came through, oldest
    /// first.</summary>
    private void SlideWindowsAndCall()
    {
        _limiter.Slide();
        if (_waiting.Count == 0)
            return;
        var permitted = _waiting.Values.Where(w => w.Permit.IsCompleted).OrderBy(w => w.Pending.CallId).ToList();
        foreach (var (pending, permit) in permitted)
        {
            _waiting.Remove(pending.CallId);
            OnPermit(pending, permit.IsCompletedSuccessfully ? permit.Result : null);
        }
    }

    /// <summary>
    /// The permit is here (which may have taken minutes): look at the breaker again, then call. A lease that is not
    /// acquired (the limiter was disposed) or none at all (the wait failed) is a refusal.
    /// </summary>
    private void OnPermit(Pending pending, RateLimitLease? lease)
    {
        var acquired = lease?.IsAcquired ?? false;
        lease?.Dispose();
        if (!acquired)
        {
            Answer(
                pending,
                new DeliveryOutcome(DeliveryOutcomeKind.Retryable, $"{_provider.Name} rate limiter refused the call")
            );
            return;
        }
        Observe();
        switch (_status)
        {
            case BreakerStatus.Open:
            case BreakerStatus.HalfOpen when _probe is not null:
                FailFast(pending);
                return;
            case BreakerStatus.HalfOpen:
                _probe = pending.CallId;
                _log.Debug("Circuit breaker for {0} is half-open: this call is the probe", _provider.Name);
                break;
        }
        Call(pending);
    }

    private void Call(Pending pending)
    {
        _inFlight[pending.CallId] = pending with { CalledAt = Stopwatch.GetTimestamp() };
        Timers.StartSingleTimer(TimerKey(pending.CallId), new CallTimedOut(pending.CallId), CallTimeoutOf(pending));
        _client.Tell(
            new ProviderClientActor.Call(pending.CallId, pending.Deliver.Request, pending.Deliver.TraceParent)
        );
    }

    private void Answer(Pending pending, DeliveryOutcome outcome)
    {
        _metrics.Notification(_provider.Name, outcome.Kind);
        if (pending.Deliver.Request.Remediation is not null)
            _metrics.RemediationAttempt(
                pending.Deliver.Request.Rule,
                outcome.Kind == DeliveryOutcomeKind.Delivered
                    ? AlertActorsMetrics.RemediationResolved
                    : AlertActorsMetrics.RemediationFailed
            );
        pending.ReplyTo.Tell(new DeliveryMessages.Attempted(pending.Deliver.Number, pending.Deliver.Provider, outcome));
    }

    /// <summary>How long a provider call took to be answered (or to time out); dry runs call nothing and are not
    /// timed.</summary>
    private void RecordDuration(Pending pending)
    {
        if (!pending.DryRun)
            _metrics.DeliveryDuration(_provider.Name, Stopwatch.GetElapsedTime(pending.CalledAt));
    }

    private static string TimerKey(long callId) => $"call-{callId}";

    /// <summary>The node's call timeout, or the provider's own for this call when that is longer (a remediation
    /// endpoint's <c>timeout</c>).</summary>
    private TimeSpan CallTimeoutOf(Pending pending) =>
        _provider.CallTimeoutOf(pending.Deliver.Request) is { } own && own > _settings.CallTimeout
            ? own
            : _settings.CallTimeout;

    /// <summary>Asks for a <see cref="ProviderStatus"/>.</summary>
    public sealed record GetStatus
    {
        public static readonly GetStatus Instance = new();
    }

    /// <param name="Breaker">The breaker as published.</param>
    /// <param name="WaitingForPermit">Deliveries waiting for a rate-limit permit.</param>
    /// <param name="Queued">Requests queued in the rate limiter (equals <paramref name="WaitingForPermit"/>).</param>
    /// <param name="InFlight">Calls made and not yet answered.</param>
    public sealed record ProviderStatus(BreakerState Breaker, int WaitingForPermit, int Queued, int InFlight);

    /// <param name="CalledAt">When the provider was called (<see cref="Stopwatch.GetTimestamp"/>), for the delivery
    /// latency.</param>
    private sealed record Pending(
        long CallId,
        IActorRef ReplyTo,
        DeliveryMessages.Deliver Deliver,
        bool DryRun,
        long CalledAt = 0
    );

    private sealed record CallTimedOut(long CallId);

    private sealed record BreakerChanged
    {
        public static readonly BreakerChanged Instance = new();
    }

    private sealed record SlideWindows
    {
        public static readonly SlideWindows Instance = new();
    }
}
