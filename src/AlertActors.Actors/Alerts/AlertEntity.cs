using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using AlertActors.Actors.Delivery;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;

namespace AlertActors.Actors.Alerts;

/// <summary>
/// The single writer of one alert (one dedup key). It decides with the pure <see cref="AlertState"/>,
/// persists the resulting events, replies only after the write, and drains its outbox: the oldest
/// pending delivery per provider is in flight at a time, so calls leave in lifecycle order.
/// </summary>
public sealed class AlertEntity : ReceivePersistentActor, IWithTimers
{
    public const string PersistenceIdPrefix = "alert-";
    public const string Tag = "alert";

    private static readonly System.Collections.Immutable.ImmutableHashSet<string> Tags = [Tag];
    private readonly IActorRef _dispatcher;
    private readonly AlertEntitySettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _busyProviders = new(StringComparer.Ordinal);
    private AlertState _state;

    public AlertEntity(string dedupKey, IActorRef dispatcher, AlertEntitySettings settings)
    {
        _dispatcher = dispatcher;
        _settings = settings;
        _state = AlertState.Empty(dedupKey);
        PersistenceId = PersistenceIdPrefix + dedupKey;

        Recover<IAlertEvent>(evt => _state = _state.Apply(evt));

        Command<AlertCommands.RecordOccurrence>(cmd => Execute(_state.Decide(cmd, Now),
            () => new AlertReplies.OccurrenceAccepted(cmd.DedupKey, cmd.Occurrence.EventId, Duplicate: false),
            () => new AlertReplies.OccurrenceAccepted(cmd.DedupKey, cmd.Occurrence.EventId, Duplicate: true)));
        Command<AlertCommands.Acknowledge>(cmd => Execute(_state.Decide(cmd, Now), View, View));
        Command<AlertCommands.Resolve>(cmd => Execute(_state.Decide(cmd, Now), View, View));
        Command<AlertCommands.GetAlert>(_ => Sender.Tell(_state.Exists
            ? View()
            : new AlertReplies.Rejected(_state.DedupKey, RejectionReason.NotFound, $"no alert with dedup key {_state.DedupKey}")));
        Command<DeliveryMessages.Attempted>(OnAttempted);
        Command<RetryDelivery>(retry =>
        {
            _busyProviders.Remove(retry.Provider);
            DispatchPending();
        });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(string dedupKey, IActorRef dispatcher, AlertEntitySettings settings) =>
        Akka.Actor.Props.Create(() => new AlertEntity(dedupKey, dispatcher, settings));

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        DispatchPending();
    }

    private AlertReplies.AlertView View() => new(_state);

    private void Execute(Decision decision, Func<object> replyAfterWrite, Func<object> replyWhenUnchanged)
    {
        if (decision.Rejection is { } rejection)
        {
            Sender.Tell(rejection);
            return;
        }
        if (decision.Events.Count == 0)
        {
            Sender.Tell(replyWhenUnchanged());
            return;
        }

        var replyTo = Sender;
        var remaining = decision.Events.Count;
        PersistAll(decision.Events.Select(e => new Tagged(e, Tags)), tagged =>
        {
            _state = _state.Apply((IAlertEvent)tagged.Payload);
            if (--remaining > 0) return;
            replyTo.Tell(replyAfterWrite());
            DispatchPending();
        });
    }

    private void DispatchPending()
    {
        foreach (var delivery in _state.NextDeliveries())
        {
            if (!_busyProviders.Add(delivery.Provider)) continue;
            _dispatcher.Tell(new DeliveryMessages.Deliver(delivery.Number, delivery.Provider, delivery.Request));
        }
    }

    private void OnAttempted(DeliveryMessages.Attempted attempted)
    {
        var decision = _state.DecideDeliveryOutcome(attempted.Number, attempted.Outcome, Now);
        if (decision.Events.Count == 0)
        {
            _busyProviders.Remove(attempted.Provider);
            DispatchPending();
            return;
        }

        PersistAll(decision.Events.Select(e => new Tagged(e, Tags)), tagged =>
        {
            _state = _state.Apply((IAlertEvent)tagged.Payload);
            if (attempted.Outcome.Kind == DeliveryOutcomeKind.Retryable)
            {
                var attempts = _state.Deliveries.Find(d => d.Number == attempted.Number)?.Attempts ?? 1;
                var delay = _settings.DelayFor(attempts - 1, attempted.Outcome.RetryAfter);
                _log.Warning("{0} delivery {1} of {2} failed ({3}); retry in {4}",
                    attempted.Provider, attempted.Number, _state.DedupKey, attempted.Outcome.Detail, delay);
                Timers.StartSingleTimer($"retry-{attempted.Provider}", new RetryDelivery(attempted.Provider), delay);
                return;
            }
            _busyProviders.Remove(attempted.Provider);
            DispatchPending();
        });
    }

    private sealed record RetryDelivery(string Provider);
}
