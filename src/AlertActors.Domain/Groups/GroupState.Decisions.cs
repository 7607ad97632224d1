using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Groups.GroupJournalEvents;

namespace AlertActors.Domain.Groups;

/// <summary>The decisions of <see cref="GroupState"/>: a command, the notification timer or a delivery outcome
/// becomes the journal events it comes to, or a rejection. Pure: the time comes in with the command.</summary>
public sealed partial record GroupState
{
    /// <summary>An alert fired: it joins, unless this join (dedup key and period) is already recorded or already
    /// left. A join opens a new period when the group has no members; the notification timer sends it.</summary>
    public GroupDecision Decide(GroupCommands.Join command, DateTimeOffset now)
    {
        var member = command.Member;
        if (Members.TryGetValue(member.DedupKey, out var present) && present.Period >= member.Period)
            return GroupDecision.Nothing;
        if (LeftPeriods.TryGetValue(member.DedupKey, out var left) && left >= member.Period)
            return GroupDecision.Nothing;
        return new GroupDecision([new MemberJoined(member, command.Settings, now)]);
    }

    /// <summary>An alert resolved: it leaves (a leave of a period not joined is remembered, so its late join is
    /// ignored). The last member leaving resolves the group, and a group that notified is resolved at its
    /// providers.</summary>
    public GroupDecision Decide(GroupCommands.Leave command, DateTimeOffset now)
    {
        var joined = Members.TryGetValue(command.DedupKey, out var member) && member.Period == command.Period;
        var alreadyLeft = LeftPeriods.TryGetValue(command.DedupKey, out var left) && left >= command.Period;
        if (!joined && (alreadyLeft || member is not null && member.Period > command.Period))
            return GroupDecision.Nothing;
        var draft = new Draft(this);
        draft.Add(new MemberLeft(command.DedupKey, command.Period, now));
        if (joined && draft.State.Members.IsEmpty && Status.IsOpen())
        {
            var notified = NotifiedThisPeriod;
            draft.Add(new Resolved(now));
            if (notified)
                draft.Schedule(NotificationAction.Resolve, now, by: null, note: null);
        }
        return draft.Decision;
    }

    /// <summary>Acknowledge a firing group; its providers are told when it notified them (except the one the change
    /// came from). The entity then acknowledges each member.</summary>
    public GroupDecision Decide(GroupCommands.Acknowledge command, DateTimeOffset now)
    {
        if (!Exists)
            return NotFound();
        if (command.WebhookEventId is { } id && AppliedWebhookEventIds.Contains(id))
            return GroupDecision.Nothing;
        switch (Status)
        {
            case AlertStatus.Acknowledged:
                return GroupDecision.Nothing;
            case AlertStatus.Firing:
                var draft = new Draft(this);
                draft.Add(new Acknowledged(now, command.By, command.Note, command.WebhookEventId));
                if (NotifiedThisPeriod)
                    draft.Schedule(NotificationAction.Acknowledge, now, command.By, command.Note, command.Origin);
                return draft.Decision;
            default:
                return GroupDecision.Reject(
                    GroupKey,
                    RejectionReason.Conflict,
                    $"group {GroupKey} is {Status.ToName()}; only a firing group can be acknowledged"
                );
        }
    }

    /// <summary>The notification timer went off: its due time (<see cref="NotifyDueAt"/>) is checked again, so a stale
    /// timer changes nothing.</summary>
    public GroupDecision DecideNotify(DateTimeOffset now)
    {
        if (NotifyDueAt() is not { } due || now < due)
            return GroupDecision.Nothing;
        var reason =
            !NotifiedThisPeriod ? "first"
            : MembersChanged ? "members changed"
            : "repeat";
        var draft = new Draft(this);
        draft.Add(new Notified(now, reason, Members.Count));
        draft.Schedule(NotificationAction.Trigger, now, by: null, note: null);
        return draft.Decision;
    }

    public GroupDecision Decide(GroupCommands.RequeueDelivery command, DateTimeOffset now)
    {
        if (Deliveries.Find(d => d.Number == command.DeliveryNumber) is not { } delivery)
            return GroupDecision.Reject(
                GroupKey,
                RejectionReason.NotFound,
                $"group {GroupKey} has no delivery {command.DeliveryNumber}"
            );
        return delivery.Status != DeliveryStatus.Dead
            ? GroupDecision.Reject(
                GroupKey,
                RejectionReason.Conflict,
                $"delivery {delivery.Number} of group {GroupKey} is {delivery.Status.ToName()}; only a dead delivery can be retried"
            )
            : new GroupDecision([new DeliveryRequeued(delivery.Number, now, command.By)]);
    }

    /// <param name="retryBudget">How long a delivery may keep failing before it is dead.</param>
    public GroupDecision DecideDeliveryOutcome(
        long deliveryNumber,
        DeliveryOutcome outcome,
        DateTimeOffset now,
        TimeSpan? retryBudget = null
    )
    {
        if (Deliveries.Find(d => d.Number == deliveryNumber) is not { IsPending: true } delivery)
            return GroupDecision.Nothing;
        var (completed, detail) = delivery.Judge(outcome, now, retryBudget);
        return new GroupDecision([
            completed is { } status
                ? new DeliveryCompleted(deliveryNumber, now, status, detail)
                : new DeliveryAttemptFailed(deliveryNumber, now, detail!),
        ]);
    }

    private GroupDecision NotFound() =>
        GroupDecision.Reject(GroupKey, RejectionReason.NotFound, $"no group with key {GroupKey}");

    /// <summary>Events decided so far and the state they lead to, so each decision sees the ones before it.</summary>
    private sealed class Draft(GroupState state)
    {
        private readonly List<IGroupJournalEvent> _events = [];

        public GroupState State { get; private set; } = state;

        public GroupDecision Decision => new(_events);

        public void Add(IGroupJournalEvent evt)
        {
            _events.Add(evt);
            State = State.Apply(evt);
        }

        /// <summary>One delivery per provider of the group (routed when sent), carrying the group's notification
        /// (<see cref="GroupNotification"/>).</summary>
        /// <param name="except">A provider not to tell (the one the change came from).</param>
        public void Schedule(
            NotificationAction action,
            DateTimeOffset now,
            string? by,
            string? note,
            string? except = null
        )
        {
            var request = GroupNotification.Request(State, action, now, by, note);
            foreach (var provider in State.Settings?.Providers ?? [])
            {
                if (provider != except)
                    Add(new DeliveryScheduled(new OutboxDelivery(State.NextDeliveryNumber, provider, request, now)));
            }
        }
    }
}
