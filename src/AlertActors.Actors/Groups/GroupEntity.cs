using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Event;
using Akka.Persistence;
using AlertActors.Actors.Delivery;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Groups;
using AlertActors.Domain.Notifications;

namespace AlertActors.Actors.Groups;

/// <summary>
/// The single writer of one alert group (one group key, README "Grouping"). It decides with the pure
/// <see cref="GroupState"/>, persists each decision before it acts on it, arms its notification timer (wait, interval,
/// repeat) from the persisted state, and drains its outbox one delivery per provider at a time through the node's
/// <see cref="NotificationDispatcher"/> (the same provider supervisors, circuit breakers and rate limits as alerts).
/// </summary>
/// <remarks>
/// Nothing but its members wakes a group after its node died: a member's join or leave is answered
/// <see cref="GroupReplies.MembershipRecorded.Settled"/> only once every notification it owes has been delivered, and
/// until then the member's outbox keeps re-sending it (alerts are woken by the due-alert scheduler). So a kill -9
/// during the wait brings the group back, its timer re-armed from the journal, within the members' retry; its
/// notification goes out once (deliveries are recorded before they are sent, and PagerDuty's dedup_key and OpsGenie's
/// alias, both the group key, make a re-sent call harmless).
/// </remarks>
public sealed class GroupEntity : UntypedPersistentActor, IWithTimers
{
    public const string PersistenceIdPrefix = "group-";

    private const string NotifyTimer = "notify";
    private readonly IActorRef _dispatcher;
    private readonly Func<IActorRef?> _alerts;
    private readonly AlertEntitySettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _busyProviders = new(StringComparer.Ordinal);
    private GroupState _state;

    /// <param name="alerts">The alert shard region, to acknowledge members (null while it is not up).</param>
    public GroupEntity(string groupKey, IActorRef dispatcher, Func<IActorRef?> alerts, AlertEntitySettings settings)
    {
        _dispatcher = dispatcher;
        _alerts = alerts;
        _settings = settings;
        _state = GroupState.Empty(groupKey);
        PersistenceId = PersistenceIdPrefix + groupKey;
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(
        string groupKey,
        IActorRef dispatcher,
        Func<IActorRef?> alerts,
        AlertEntitySettings settings
    ) => Akka.Actor.Props.Create(() => new GroupEntity(groupKey, dispatcher, alerts, settings));

    protected override void OnRecover(object message)
    {
        if (message is IGroupJournalEvent evt)
            _state = _state.Apply(evt);
        else if (message is RecoveryCompleted)
            AfterChange();
    }

    protected override void OnCommand(object message)
    {
        var now = Now;
        switch (message)
        {
            case GroupCommands.Join join:
                var joined = _state.Decide(join, now);
                Persist(
                    joined,
                    () =>
                    {
                        // A member joining an acknowledged group is acknowledged with it, as its members were.
                        if (joined.JournalEvents.Count > 0 && _state.Status == AlertStatus.Acknowledged)
                            AcknowledgeMember(join.Member.DedupKey, _state.AcknowledgedBy ?? "group", null);
                        Sender.Tell(Recorded(join.Member.DedupKey, join.Member.Period));
                    }
                );
                break;
            case GroupCommands.Leave leave:
                Persist(_state.Decide(leave, now), () => Sender.Tell(Recorded(leave.DedupKey, leave.Period)));
                break;
            case GroupCommands.Acknowledge ack:
                var sender = Sender;
                var decision = _state.Decide(ack, now);
                Persist(
                    decision,
                    () =>
                    {
                        if (decision.JournalEvents.Count > 0)
                            AcknowledgeMembers(ack);
                        sender.Tell(decision.Rejection ?? (object)new GroupReplies.GroupView(_state, LastSequenceNr));
                    }
                );
                break;
            case GroupCommands.RequeueDelivery requeue:
                var requeueDecision = _state.Decide(requeue, now);
                Persist(
                    requeueDecision,
                    () =>
                        Sender.Tell(
                            requeueDecision.Rejection ?? (object)new GroupReplies.GroupView(_state, LastSequenceNr)
                        )
                );
                break;
            case GroupCommands.GetGroup:
                Sender.Tell(
                    _state.Exists
                        ? new GroupReplies.GroupView(_state, LastSequenceNr)
                        : new GroupReplies.Rejected(
                            _state.GroupKey,
                            RejectionReason.NotFound,
                            $"no group with key {_state.GroupKey}"
                        )
                );
                break;
            case NotifyDue:
                Persist(_state.DecideNotify(now), () => { });
                break;
            case DeliveryMessages.Attempted attempted:
                var outcome = _state.DecideDeliveryOutcome(
                    attempted.Number,
                    attempted.Outcome,
                    now,
                    _settings.RetryBudget
                );
                Persist(outcome, () => FollowUp(attempted, outcome));
                break;
            case RetryDue retry:
                _busyProviders.Remove(retry.Provider);
                DispatchPending();
                break;
            case ReceiveTimeout:
                if (!_state.HasLiveWork && !_state.Status.IsOpen())
                    Context.Parent.Tell(new Passivate(PoisonPill.Instance));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Persists the decision's events (none: runs <paramref name="then"/> at once), applies them, then acts:
    /// re-arms the timer, sends what the outbox holds, answers.</summary>
    private void Persist(GroupDecision decision, Action then)
    {
        if (decision.JournalEvents.Count == 0)
        {
            then();
            AfterChange();
            return;
        }
        var remaining = decision.JournalEvents.Count;
        PersistAll(
            decision.JournalEvents,
            evt =>
            {
                _state = _state.Apply(evt);
                if (--remaining > 0)
                    return;
                then();
                AfterChange();
            }
        );
    }

    private GroupReplies.MembershipRecorded Recorded(string dedupKey, int period) =>
        new(_state.GroupKey, dedupKey, period, _state.HasSettled(dedupKey, period), _state.OwedNotificationDueAt());

    private void AfterChange()
    {
        if (_state.NotifyDueAt() is { } due)
            Timers.StartSingleTimer(NotifyTimer, NotifyDue.Instance, Max(due - Now, TimeSpan.Zero));
        else
            Timers.Cancel(NotifyTimer);
        DispatchPending();
        Context.SetReceiveTimeout(_state.HasLiveWork || _state.Status.IsOpen() ? null : _settings.PassivateIdleAfter);
    }

    private void DispatchPending()
    {
        foreach (var delivery in _state.NextDeliveries())
        {
            if (_busyProviders.Add(delivery.Provider))
                _dispatcher.Tell(new DeliveryMessages.Deliver(delivery.Number, delivery.Provider, delivery.Request));
        }
    }

    private void FollowUp(DeliveryMessages.Attempted attempted, GroupDecision decision)
    {
        var delivery = _state.Deliveries.Find(d => d.Number == attempted.Number);
        if (attempted.Outcome.Kind != DeliveryOutcomeKind.Retryable || delivery is not { IsPending: true })
        {
            if (delivery is { Status: DeliveryStatus.Dead })
                _log.Warning(
                    "{0} delivery {1} of group {2} is dead: {3}",
                    attempted.Provider,
                    attempted.Number,
                    _state.GroupKey,
                    attempted.Outcome.Detail
                );
            _busyProviders.Remove(attempted.Provider);
            return;
        }
        var delay = _settings.DelayFor(delivery.Attempts - 1, attempted.Outcome.RetryAfter, Random.Shared.NextDouble());
        _log.Warning(
            "{0} delivery {1} of group {2} failed ({3}); retry in {4}",
            attempted.Provider,
            attempted.Number,
            _state.GroupKey,
            attempted.Outcome.Detail,
            delay
        );
        Timers.StartSingleTimer($"retry-{attempted.Provider}", new RetryDue(attempted.Provider), delay);
    }

    /// <summary>Each member is acknowledged as the group was (its providers were never told of it: the group
    /// told them).</summary>
    private void AcknowledgeMembers(GroupCommands.Acknowledge ack)
    {
        foreach (var member in _state.Members.Keys)
            AcknowledgeMember(member, ack.By, ack.Note);
    }

    private void AcknowledgeMember(string dedupKey, string by, string? note) =>
        _alerts()?.Tell(new AlertCommands.Acknowledge(dedupKey, by, note ?? $"group {_state.GroupKey}"));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class NotifyDue
    {
        public static readonly NotifyDue Instance = new();
    }

    private sealed record RetryDue(string Provider);
}
