using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using AlertActors.Actors.Delivery;
using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Silences;

namespace AlertActors.Actors.Alerts;

/// <summary>
/// The single writer of one alert (one dedup key). It decides with the pure <see cref="AlertState"/> and
/// persists the resulting events; commands that arrive while a write is in flight are decided together
/// and written as one batch (one journal round-trip however hot the key), and each sender is answered
/// only after the write that covers it. It drains its outbox one delivery per provider at a time, so
/// calls leave in lifecycle order, and arms its timers from persisted state, so recovery re-arms them.
/// </summary>
public sealed class AlertEntity : ReceivePersistentActor, IWithTimers
{
    public const string PersistenceIdPrefix = "alert-";
    public const string Tag = "alert";

    private static readonly ImmutableHashSet<string> Tags = [Tag];
    private const string SilenceCheck = "silence-check";
    private readonly IActorRef _dispatcher;
    private readonly ISilenceLookup _silences;
    private readonly IRoutingTargets _routes;
    private readonly AlertEntitySettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _busyProviders = new(StringComparer.Ordinal);
    private readonly List<(object Command, IActorRef Sender)> _queue = [];
    private readonly HashSet<AlertTimer> _overdue = [];
    private AlertState _state;
    private bool _writing;
    private long _snapshotSequenceNr;
    private long _previousSnapshotSequenceNr;

    /// <param name="routes">Where providers route a trigger now, pinned per firing period (null: every call routed when sent).</param>
    public AlertEntity(string dedupKey, IActorRef dispatcher, AlertEntitySettings settings, ISilenceLookup silences, IRoutingTargets? routes = null)
    {
        _dispatcher = dispatcher;
        _settings = settings;
        _silences = silences;
        _routes = routes ?? NoRoutingTargets.Instance;
        _state = AlertState.Empty(dedupKey);
        PersistenceId = PersistenceIdPrefix + dedupKey;

        Recover<SnapshotOffer>(offer =>
        {
            _state = (AlertState)offer.Snapshot;
            _snapshotSequenceNr = offer.Metadata.SequenceNr;
            _previousSnapshotSequenceNr = offer.Metadata.SequenceNr;
        });
        Recover<IAlertEvent>(evt => _state = _state.Apply(evt));

        Command<IAlertCommand>(Enqueue);
        Command<DeliveryMessages.Attempted>(Enqueue);
        Command<TimerElapsed>(elapsed =>
        {
            _overdue.Remove(elapsed.Timer);
            Enqueue(elapsed);
        });
        Command<RetryDelivery>(retry =>
        {
            _busyProviders.Remove(retry.Provider);
            DispatchPending();
        });
        Command<SaveSnapshotSuccess>(saved =>
        {
            // Keep one snapshot interval of events behind the newest snapshot (read models that lag a
            // little still see them; ones that lag more heal from the entity), and one older snapshot.
            if (_previousSnapshotSequenceNr > 0) DeleteMessages(_previousSnapshotSequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(_previousSnapshotSequenceNr - 1));
            _previousSnapshotSequenceNr = saved.Metadata.SequenceNr;
        });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Warning("Deleting old events of {0} failed: {1}", PersistenceId, failed.Cause.Message));
        Command<SaveSnapshotFailure>(failed => _log.Warning("Snapshot of {0} failed: {1}", PersistenceId, failed.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Warning("Deleting old snapshots of {0} failed: {1}", PersistenceId, failed.Cause.Message));
        Command<ReceiveTimeout>(_ => PassivateIfIdle());
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(string dedupKey, IActorRef dispatcher, AlertEntitySettings settings, ISilenceLookup silences, IRoutingTargets? routes = null) =>
        Akka.Actor.Props.Create(() => new AlertEntity(dedupKey, dispatcher, settings, silences, routes));

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        AfterStateSettled();
        if (LastSequenceNr > 0)
            Context.System.EventStream.Publish(new AlertRecovered(_state.DedupKey,
                _overdue.Count > 0 || Enum.GetValues<AlertTimer>().Any(timer => Timers.IsTimerActive(timer))));
    }

    private void Enqueue(object command)
    {
        if (command is AlertCommands.RecordOccurrences batch)
        {
            // Decided one by one in ingest order, in the same write; the sender hears once, after the last.
            for (var i = 0; i < batch.Occurrences.Length; i++)
                _queue.Add((batch.Occurrences[i], i == batch.Occurrences.Length - 1 ? Sender : ActorRefs.Nobody));
        }
        else
        {
            _queue.Add((command, Sender));
        }
        if (!_writing) ProcessQueue();
    }

    /// <summary>Decides every queued command against the state the ones before it left, then writes once.</summary>
    private void ProcessQueue()
    {
        if (_queue.Count == 0) return;
        var now = Now;
        var events = new List<IAlertEvent>();
        var completions = new List<Action>(_queue.Count);
        var sequenceNr = LastSequenceNr;
        var occurrencesOnly = false; // the last journal event holds only the occurrences of the commands just before
        foreach (var (command, sender) in _queue)
        {
            var wasDuplicate = command is AlertCommands.RecordOccurrence r && _state.RecentEventIds.Contains(r.Occurrence.EventId);
            var span = AlertActorsTracing.StartAlert(command, _state.DedupKey);
            var decision = AlertActorsTracing.EndAlert(span, command, Decide(command, now));
            foreach (var evt in decision.Events) _state = _state.Apply(evt);
            if (decision.Events is [AlertEvents.OccurrenceRecorded occurrence] && occurrencesOnly)
            {
                events[^1] = Coalesce(events[^1], occurrence);
            }
            else
            {
                events.AddRange(decision.Events);
                sequenceNr += decision.Events.Count;
                occurrencesOnly = decision.Events is [AlertEvents.OccurrenceRecorded];
            }
            var view = new AlertReplies.AlertView(_state, sequenceNr);
            completions.Add(() => Complete(command, sender, decision, view, wasDuplicate));
        }
        _queue.Clear();

        if (events.Count == 0)
        {
            completions.ForEach(complete => complete());
            AfterStateSettled();
            return;
        }

        _writing = true;
        var writeStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        PersistAllAsync(events.Select(e => new Tagged(e, Tags)), _ => { });
        var commands = completions.Count;
        DeferAsync(events.Count, _ =>
        {
            _writing = false;
            Context.System.EventStream.Publish(new AlertWriteCompleted(_state.DedupKey, events.Count, commands, System.Diagnostics.Stopwatch.GetElapsedTime(writeStarted)));
            completions.ForEach(complete => complete());
            MaybeSnapshot();
            AfterStateSettled();
            ProcessQueue();
        });
    }

    /// <summary>Hot keys: a run of plain occurrences in one write becomes one journal event.</summary>
    private static IAlertEvent Coalesce(IAlertEvent last, AlertEvents.OccurrenceRecorded next) => last switch
    {
        AlertEvents.OccurrencesRecorded batch => batch with { Occurrences = batch.Occurrences.Add(next) },
        AlertEvents.OccurrenceRecorded single => new AlertEvents.OccurrencesRecorded([single, next]),
        _ => throw new InvalidOperationException($"cannot coalesce an occurrence into {last.GetType().Name}"),
    };

    private Decision Decide(object command, DateTimeOffset now) => command switch
    {
        AlertCommands.RecordOccurrence c => _state.Decide(c, now, _silences, _routes),
        AlertCommands.Acknowledge c => _state.Decide(c, now),
        AlertCommands.Resolve c => _state.Decide(c, now),
        AlertCommands.RetryDelivery c => _state.Decide(c, now),
        DeliveryMessages.Attempted a => _state.DecideDeliveryOutcome(a.Number, a.Outcome, now, _settings.RetryBudget),
        TimerElapsed t => _state.Decide(t.Timer, now, _silences, _routes),
        _ => Decision.Nothing,
    };

    /// <summary>After the write that covers it: answer the sender, or follow up a delivery attempt.</summary>
    private void Complete(object command, IActorRef sender, Decision decision, AlertReplies.AlertView view, bool wasDuplicate)
    {
        switch (command)
        {
            case AlertCommands.RecordOccurrence c:
                sender.Tell(new AlertReplies.OccurrenceAccepted(c.DedupKey, c.Occurrence.EventId, wasDuplicate));
                break;
            case AlertCommands.GetAlert:
                sender.Tell(view.State.Exists
                    ? view
                    : new AlertReplies.Rejected(view.State.DedupKey, RejectionReason.NotFound, $"no alert with dedup key {view.State.DedupKey}"));
                break;
            case IAlertCommand:
                sender.Tell(decision.Rejection ?? (object)view);
                break;
            case DeliveryMessages.Attempted attempted:
                FollowUp(attempted, decision);
                break;
        }
    }

    private void FollowUp(DeliveryMessages.Attempted attempted, Decision decision)
    {
        if (attempted.Outcome.Kind != DeliveryOutcomeKind.Retryable || decision.Events.Count == 0)
        {
            _busyProviders.Remove(attempted.Provider);
            return;
        }
        var attempts = _state.Deliveries.Find(d => d.Number == attempted.Number)?.Attempts ?? 1;
        var delay = _settings.DelayFor(attempts - 1, attempted.Outcome.RetryAfter, Random.Shared.NextDouble());
        _log.Warning("{0} delivery {1} of {2} failed ({3}); retry in {4}",
            attempted.Provider, attempted.Number, _state.DedupKey, attempted.Outcome.Detail, delay);
        Timers.StartSingleTimer($"retry-{attempted.Provider}", new RetryDelivery(attempted.Provider), delay);
    }

    /// <summary>The state is persisted: send what is due, arm the timers, decide whether to stay in memory.</summary>
    private void AfterStateSettled()
    {
        DispatchPending();
        ArmTimers();
        SetReceiveTimeout(_state.HasLiveWork ? null : _settings.PassivateIdleAfter);
    }

    private void DispatchPending()
    {
        foreach (var delivery in _state.NextDeliveries())
        {
            if (!_busyProviders.Add(delivery.Provider)) continue;
            _dispatcher.Tell(new DeliveryMessages.Deliver(delivery.Number, delivery.Provider, delivery.Request));
        }
    }

    private void ArmTimers()
    {
        var now = Now;
        foreach (var timer in Enum.GetValues<AlertTimer>())
        {
            if (_state.DueAt(timer) is not { } due)
            {
                Timers.Cancel(timer);
            }
            else if (due > now)
            {
                Timers.StartSingleTimer(timer, new TimerElapsed(timer), due - now);
            }
            else if (_overdue.Add(timer))
            {
                // Fell due while the alert was down (or behind a write): act now, once.
                Timers.Cancel(timer);
                Self.Tell(new TimerElapsed(timer));
            }
        }

        // A silence can be expired early: while one holds a notification back, look again now and then.
        if (_state.SilencedBy is not null && !Timers.IsTimerActive(SilenceCheck))
            Timers.StartPeriodicTimer(SilenceCheck, new TimerElapsed(AlertTimer.OwedNotification), _settings.SilenceCheckInterval);
        else if (_state.SilencedBy is null)
            Timers.Cancel(SilenceCheck);
    }

    private void MaybeSnapshot()
    {
        if (LastSequenceNr - _snapshotSequenceNr < _settings.SnapshotEvery) return;
        _snapshotSequenceNr = LastSequenceNr;
        SaveSnapshot(_state);
    }

    /// <summary>Alerts with no timer and no pending delivery leave memory (and the remembered set); their state stays in the journal.</summary>
    private void PassivateIfIdle()
    {
        if (_state.HasLiveWork || _writing || _queue.Count > 0) return;
        SetReceiveTimeout(null);
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
    }

    private sealed record TimerElapsed(AlertTimer Timer);

    private sealed record RetryDelivery(string Provider);
}
