using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using AlertActors.Actors.Delivery;
using AlertActors.Actors.Inhibition;
using AlertActors.Actors.Telemetry;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Silences;
using AlertActors.Domain.TimeIntervals;

namespace AlertActors.Actors.Alerts;

/// <summary>
/// The single writer of one alert (one dedup key). It decides with the pure <see cref="AlertState"/> and persists
/// what it decided as ONE journal event per write (an <see cref="AlertJournalEvents.Batch"/> when there is more than
/// one domain event): commands that arrive while a write is in flight are decided together and written next, and each
/// sender is answered only after the write that covers it. It drains its outbox one delivery per provider at a time
/// (only deliveries that are already durable), so calls leave in lifecycle order, and arms its timers from persisted
/// state.
/// </summary>
/// <remarks>
/// <para>Delivery outcomes need not be durable before the next step: the outcome is applied at once (the provider's
/// next call may go) and journaled with the alert's next write, at the latest as soon as none of its calls is in
/// flight any more (so a trigger's PagerDuty and OpsGenie outcomes are one write). A crash before that write re-sends
/// the call on recovery, which PagerDuty's <c>dedup_key</c> and OpsGenie's <c>alias</c> make harmless.</para>
/// <para>An alert stays in memory only while it has live work (<see cref="AlertState.HasLiveWork"/>): a pending
/// delivery or a notification held by a silence. Otherwise it passivates after
/// <see cref="AlertEntitySettings.PassivateIdleAfter"/>; its timers' due times are in the read model, and the due-alert
/// scheduler wakes it (<see cref="AlertCommands.Wake"/>) when one is due. An alert that does not exist (a lookup of an
/// unknown key) leaves memory at once and writes nothing.</para>
/// </remarks>
public sealed partial class AlertEntity : UntypedPersistentActor, IWithTimers
{
    public const string PersistenceIdPrefix = "alert-";

    private const string SilenceCheck = "silence-check";
    private readonly IActorRef _dispatcher;
    private readonly ISilenceLookup _silences;
    private readonly IRoutingTargets _routes;
    private readonly ITimeMutes _mutes;
    private readonly AlertEntitySettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _busyProviders = new(StringComparer.Ordinal);

    /// <summary>The group delivery whose retry timer runs, if one does (<see cref="SupersedeGroupRetry"/>).</summary>
    private long? _groupDeliveryAwaitingRetry;
    private readonly List<(object Command, IActorRef Sender, string? TraceParent)> _queue = [];
    private readonly List<IAlertJournalEvent> _unwritten = [];
    private readonly HashSet<AlertTimer> _overdue = [];
    private readonly List<string> _duplicatesInBatch = [];
    private readonly Dictionary<long, string> _deliveryTraceParents = [];
    private AlertState _state;
    private bool _writing;
    private int _callsInFlight;
    private long _durableDeliveriesBelow;
    private readonly LegacySnapshots _legacySnapshots;
    private long _checkpointSequenceNr;
    private bool _snapshotOffered;
    private bool _replayedAny;
    private bool _stopping;

    /// <param name="routes">Where providers route a trigger now, pinned per firing period (null: every call routed when
    /// sent).</param>
    public AlertEntity(
        string dedupKey,
        IActorRef dispatcher,
        AlertEntitySettings settings,
        ISilenceLookup silences,
        IRoutingTargets? routes = null,
        LegacySnapshots? legacySnapshots = null,
        InhibitionCache? inhibition = null,
        ITimeMutes? mutes = null
    )
    {
        _mutes = mutes ?? NoTimeMutes.Instance;
        _inhibition = inhibition ?? NoInhibitionRules;
        _legacySnapshots = legacySnapshots ?? new LegacySnapshots();
        _dispatcher = dispatcher;
        _settings = settings;
        _silences = silences;
        _routes = routes ?? NoRoutingTargets.Instance;
        _state = AlertState.Empty(dedupKey);
        PersistenceId = PersistenceIdPrefix + dedupKey;
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(
        string dedupKey,
        IActorRef dispatcher,
        AlertEntitySettings settings,
        ISilenceLookup silences,
        IRoutingTargets? routes = null
    ) => Props(dedupKey, dispatcher, settings, silences, routes, null);

    /// <summary>
    /// The props of one alert, made for every alert that starts: by type and arguments (the constructor is found by
    /// reflection), not by <c>Props.Create(() => new AlertEntity(...))</c>, which compiles an expression tree for each
    /// one (5 % of the CPU of starting new persistent actors in the bench's journal-ceiling profile).
    /// </summary>
    /// <param name="legacySnapshots">The node's list of alerts an earlier version snapshotted (one instance per
    /// node).</param>
    /// <param name="inhibition">The node's inhibit rules and firing sources (null: no inhibition).</param>
    /// <param name="mutes">The routes' mute time intervals (null: nothing is muted).</param>
    public static Props Props(
        string dedupKey,
        IActorRef dispatcher,
        AlertEntitySettings settings,
        ISilenceLookup silences,
        IRoutingTargets? routes,
        LegacySnapshots? legacySnapshots,
        InhibitionCache? inhibition = null,
        ITimeMutes? mutes = null
    ) =>
        Akka.Actor.Props.Create(
            typeof(AlertEntity),
            dedupKey,
            dispatcher,
            settings,
            silences,
            routes,
            legacySnapshots,
            inhibition,
            mutes
        );

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case AlertCommands.Wake:
                // Recovery armed the timers (and fired the overdue ones); a held-back notification looks again now
                // (its silence or inhibiting alert may have ended).
                if (_state.IsHeldBack)
                    Enqueue(new TimerElapsed(AlertTimer.OwedNotification));
                else if (!_writing && _queue.Count == 0)
                    SetIdleTimeout(leaveAtOnceIfEmpty: true);
                break;
            case Stop:
                // From the shard (passivation or hand-off): finish the write and the calls under way first.
                _stopping = true;
                StopWhenDone();
                break;
            case IAlertCommand or DeliveryMessages.Attempted or IOccurrenceEnvelope:
                Enqueue(message);
                break;
            case TimerElapsed elapsed:
                _overdue.Remove(elapsed.Timer);
                Enqueue(elapsed);
                break;
            case RetryTimerElapsed retry:
                _busyProviders.Remove(retry.Provider);
                if (retry.Provider == ProviderNames.Group)
                    _groupDeliveryAwaitingRetry = null;
                DispatchPending();
                break;
            case DeleteMessagesFailure failed:
                _log.Warning("Deleting old events of {0} failed: {1}", PersistenceId, failed.Cause.Message);
                break;
            case DeleteSnapshotsFailure failed:
                _log.Warning("Deleting old snapshots of {0} failed: {1}", PersistenceId, failed.Cause.Message);
                break;
            case ReceiveTimeout:
                PassivateIfIdle();
                break;
            case DeleteMessagesSuccess or DeleteSnapshotsSuccess:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Enqueue(object message)
    {
        switch (message)
        {
            case DeliveryMessages.Attempted:
                _callsInFlight = Math.Max(0, _callsInFlight - 1);
                _queue.Add((message, Sender, null));
                break;
            case OccurrenceBatchEnvelope batch:
                // Decided one by one in ingest order, in the same write; the sender hears once, after the last.
                for (var i = 0; i < batch.Occurrences.Length; i++)
                {
                    var occurrence = batch.Occurrences[i];
                    _queue.Add(
                        (
                            occurrence.Command,
                            i == batch.Occurrences.Length - 1 ? Sender : ActorRefs.Nobody,
                            occurrence.TraceParent
                        )
                    );
                }
                break;
            case OccurrenceEnvelope occurrence:
                _queue.Add((occurrence.Command, Sender, occurrence.TraceParent));
                break;
            default:
                _queue.Add((message, Sender, null));
                break;
        }
        if (!_writing)
            ProcessQueue();
    }

    /// <summary>
    /// Decides every queued command against the state the ones before it left, then writes what is unwritten as one
    /// journal event, unless all of it is delivery outcomes while another call of this alert is still in flight.
    /// </summary>
    private void ProcessQueue()
    {
        if (_queue.Count == 0)
            return;
        var now = Now;
        var completions = new List<Action>(_queue.Count);
        var mustWrite = false;
        foreach (var (command, sender, traceParent) in _queue)
        {
            var wasDuplicate =
                command is AlertCommands.RecordOccurrence r && _state.RecentEventIds.Contains(r.Occurrence.EventId);
            var span = AlertActorsTracing.StartAlert(command, _state.DedupKey, traceParent);
            var decision = Decide(command, now);
            _responseTimes.AddRange(_state.ResponseTimesOf(decision.JournalEvents));
            RememberTraceParent(decision, AlertActorsTracing.EndAlert(span, decision, traceParent));
            foreach (var evt in decision.JournalEvents)
                _state = _state.Apply(evt);
            _unwritten.AddRange(decision.JournalEvents);
            // Outcomes may ride on a later write (not a remediation attempt's: it schedules the next one); anything
            // else decided, and every answer, waits for this one.
            mustWrite |=
                command is FlushUnwritten
                || (
                    command is not DeliveryMessages.Attempted
                    && (decision.JournalEvents.Count > 0 || command is IAlertCommand)
                )
                || command is DeliveryMessages.Attempted { Provider: ProviderNames.Remediation }
                    && decision.JournalEvents.Count > 0;
            var state = _state;
            completions.Add(() => Complete(command, sender, decision, state, wasDuplicate));
        }
        _queue.Clear();

        if (_unwritten.Count == 0 || !(mustWrite || _callsInFlight == 0))
        {
            AfterWrite(completions, events: 0, started: 0);
            return;
        }

        _writing = true;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var events = _unwritten.Count;
        var journalEvent = Traced(
            events == 1 ? _unwritten[0] : new AlertJournalEvents.Batch([.. _unwritten]),
            _unwritten.OfType<AlertJournalEvents.DeliveryScheduled>().Select(scheduled => scheduled.Delivery.Number)
        );
        _unwritten.Clear();
        var responseTimes = TakeResponseTimes();
        PersistAsync(
            journalEvent,
            _ =>
            {
                _writing = false;
                PublishResponseTimes(responseTimes);
                AfterWrite(completions, events, started);
                if (!_writing)
                    ProcessQueue();
            }
        );
    }

    private void AfterWrite(List<Action> completions, int events, long started)
    {
        if (events > 0)
        {
            Context.System.EventStream.Publish(
                new AlertWriteCompleted(
                    _state.DedupKey,
                    events,
                    completions.Count,
                    System.Diagnostics.Stopwatch.GetElapsedTime(started)
                )
            );
            MaybeCheckpoint();
            ReportInhibitionSource();
        }
        // Everything scheduled so far is durable now (the one outcome that schedules a delivery, a remediation
        // attempt's, is always written).
        _durableDeliveriesBelow = _state.NextDeliveryNumber;
        completions.ForEach(complete => complete());
        AfterStateSettled(leaveAtOnceIfEmpty: true);
        StopWhenDone();
    }

    /// <summary>Once asked to stop: write what is unwritten, wait for the calls in flight, then stop.</summary>
    private void StopWhenDone()
    {
        if (!_stopping || _writing || _queue.Count > 0 || _callsInFlight > 0)
            return;
        if (_unwritten.Count == 0)
        {
            Context.Stop(Self);
            return;
        }
        _queue.Add((FlushUnwritten.Instance, ActorRefs.Nobody, null));
        ProcessQueue();
    }

    private Decision Decide(object command, DateTimeOffset now) =>
        command switch
        {
            AlertCommands.RecordOccurrence c => _state.Decide(c, now, _silences, _routes, _inhibition, _mutes),
            AlertCommands.Acknowledge c => _state.Decide(c, now),
            AlertCommands.Resolve c => _state.Decide(c, now),
            AlertCommands.RequeueDelivery c => _state.Decide(c, now),
            DeliveryMessages.Attempted a => _state.DecideDeliveryOutcome(
                a.Number,
                a.Outcome,
                now,
                _settings.RetryBudget,
                _silences,
                _routes,
                _inhibition,
                _mutes
            ),
            TimerElapsed t => _state.Decide(t.Timer, now, _silences, _routes, _inhibition, _mutes),
            _ => Decision.Nothing,
        };

    /// <summary>After the write that covers it: answer the sender, or follow up a delivery attempt.</summary>
    private void Complete(object command, IActorRef sender, Decision decision, AlertState state, bool wasDuplicate)
    {
        switch (command)
        {
            case AlertCommands.RecordOccurrence c:
                // An earlier occurrence of a RecordOccurrences batch has no sender: the batch is answered after its
                // last, naming its redeliveries.
                if (wasDuplicate)
                    _duplicatesInBatch.Add(c.Occurrence.EventId);
                if (sender.IsNobody())
                    break;
                sender.Tell(
                    new AlertReplies.OccurrenceAccepted(
                        c.DedupKey,
                        c.Occurrence.EventId,
                        wasDuplicate,
                        [.. _duplicatesInBatch]
                    )
                );
                _duplicatesInBatch.Clear();
                break;
            case AlertCommands.GetAlert:
                // The state as of the journal position (read models store the two together); nothing is unwritten now.
                sender.Tell(
                    _state.Exists
                        ? new AlertReplies.AlertView(_state, LastSequenceNr)
                        : new AlertReplies.Rejected(
                            _state.DedupKey,
                            RejectionReason.NotFound,
                            $"no alert with dedup key {_state.DedupKey}"
                        )
                );
                break;
            case IAlertCommand:
                sender.Tell(decision.Rejection ?? (object)new AlertReplies.AlertView(state, LastSequenceNr));
                break;
            case DeliveryMessages.Attempted attempted:
                FollowUp(attempted, decision);
                break;
        }
    }

    /// <summary>
    /// The shard's stop message for this entity (passivation and hand-off; <c>PoisonPill</c> would stop it in the
    /// middle of a write): it finishes its write and its calls in flight, then stops.
    /// </summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();

        private Stop() { }
    }

    /// <summary>Queued before stopping so that outcomes not yet journaled are written.</summary>
    private sealed class FlushUnwritten
    {
        public static readonly FlushUnwritten Instance = new();
    }

    private sealed record TimerElapsed(AlertTimer Timer);
}
