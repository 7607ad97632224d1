using System.Collections.Immutable;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Groups.GroupJournalEvents;

namespace AlertActors.Domain.Groups;

/// <summary>The evolution of <see cref="GroupState"/>: <see cref="Apply"/> folds one journal event into the state.
/// Each event carries its own time, so replaying the journal gives the same state and the same timer.</summary>
public sealed partial record GroupState
{
    public GroupState Apply(IGroupJournalEvent evt) =>
        evt switch
        {
            MemberJoined e => ApplyJoin(e),
            MemberLeft e => (
                Members.TryGetValue(e.DedupKey, out var m) && m.Period == e.Period
                    ? this with
                    {
                        Members = Members.Remove(e.DedupKey),
                        MembersChanged = true,
                        Timeline = Log(e.At, $"left: {e.DedupKey}", null, null),
                    }
                    : this
            ) with
            {
                LeftPeriods = LeftPeriods.SetItem(e.DedupKey, e.Period),
            },
            Notified e => this with
            {
                NotifiedThisPeriod = true,
                LastNotifiedAt = e.At,
                MembersChanged = false,
                Timeline = Log(e.At, $"notified ({e.Reason}): {e.Firing} firing", null, null),
            },
            Acknowledged e => this with
            {
                Status = AlertStatus.Acknowledged,
                AcknowledgedBy = e.By,
                AppliedWebhookEventIds = e.WebhookEventId is { } id
                    ? AppliedWebhookEventIds.Add(id).TakeLast(WebhookEventIdCapacity).ToImmutableList()
                    : AppliedWebhookEventIds,
                Timeline = Log(e.At, "acknowledged", e.By, e.Note),
            },
            Resolved e => this with
            {
                Status = AlertStatus.Resolved,
                ResolvedAt = e.At,
                MembersChanged = false,
                Timeline = Log(e.At, "resolved", null, null),
            },
            DeliveryScheduled e => this with
            {
                NextDeliveryNumber = Math.Max(NextDeliveryNumber, e.Delivery.Number + 1),
                Deliveries = TrimCompleted(Deliveries.Add(e.Delivery)),
            },
            DeliveryAttemptFailed e => UpdateDelivery(e.DeliveryNumber, d => d.AfterFailedAttempt(e.Error)),
            DeliveryRequeued e => UpdateDelivery(e.DeliveryNumber, d => d.Requeued(e.At, e.By)),
            DeliveryCompleted e => UpdateDelivery(e.DeliveryNumber, d => d.Completed(e.Status, e.At, e.Detail))
                is var completed
                ? completed with
                {
                    Deliveries = TrimCompleted(completed.Deliveries),
                }
                : this,
            _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "unknown group journal event"),
        };

    private GroupState ApplyJoin(MemberJoined e)
    {
        var opens = !Status.IsOpen();
        var state = opens
            ? this with
            {
                Status = AlertStatus.Firing,
                Period = Period + 1,
                // The wait counts from when the first member fired (its receive time), not from when its join
                // arrived here (late on a busy node or after a crash), as Alertmanager's group_wait does.
                PeriodStartedAt = e.Member.FiringSince < e.At ? e.Member.FiringSince : e.At,
                NotifiedThisPeriod = false,
                LastNotifiedAt = null,
                AcknowledgedBy = null,
                ResolvedAt = null,
                Timeline = Log(e.At, "firing", null, null),
            }
            : this;
        return state with
        {
            Settings = e.Settings,
            Members = state.Members.SetItem(e.Member.DedupKey, e.Member),
            // The first notification lists every member that joined during the wait: no update is owed for them.
            MembersChanged = state.NotifiedThisPeriod,
            Timeline = state.Log(e.At, $"joined: {e.Member.DedupKey}", null, null),
        };
    }

    private ImmutableList<TimelineEntry> Log(DateTimeOffset at, string change, string? by, string? note)
    {
        var timeline = Timeline.Add(new TimelineEntry(at, change, by, note));
        return timeline.Count > TimelineCapacity
            ? timeline.RemoveRange(0, timeline.Count - TimelineCapacity)
            : timeline;
    }

    private GroupState UpdateDelivery(long number, Func<OutboxDelivery, OutboxDelivery> change)
    {
        var index = Deliveries.FindIndex(d => d.Number == number);
        return index < 0 ? this : this with { Deliveries = Deliveries.SetItem(index, change(Deliveries[index])) };
    }

    /// <summary>Pending deliveries are always kept; of the completed ones the newest
    /// <see cref="CompletedDeliveryCapacity"/>.</summary>
    private static ImmutableList<OutboxDelivery> TrimCompleted(ImmutableList<OutboxDelivery> deliveries)
    {
        var completed = deliveries.Count(d => !d.IsPending);
        if (completed <= CompletedDeliveryCapacity)
            return deliveries;
        var drop = completed - CompletedDeliveryCapacity;
        return deliveries.RemoveAll(d => !d.IsPending && drop-- > 0);
    }
}
