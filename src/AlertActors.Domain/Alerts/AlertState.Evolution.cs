using System.Collections.Immutable;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Alerts.AlertJournalEvents;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// The evolution of <see cref="AlertState"/>: <see cref="Apply"/> folds one journal event into the state. Each event
/// carries its own time, so replaying the journal gives the same state and the same timers.
/// </summary>
public sealed partial record AlertState
{
    public AlertState Apply(IAlertJournalEvent evt) => Unmuting(evt, Evolve(evt)).FollowEscalation(evt);

    private AlertState Evolve(IAlertJournalEvent evt) =>
        evt switch
        {
            Batch e => e.Events.Aggregate(this, (state, change) => state.Apply(change)),
            Checkpoint e => e.State,
            OccurrenceRecorded e => ApplyOccurrence(e),
            OccurrencesRecorded e => e.Occurrences.Aggregate(
                this,
                (state, occurrence) => state.ApplyOccurrence(occurrence)
            ),
            Fired e => this with
            {
                Status = AlertStatus.Firing,
                FiringPeriod = e.Period,
                AcknowledgedBy = null,
                ResolvedBy = null,
                NotifiedThisPeriod = false,
                NotificationOwed = false,
                SilencedBy = null,
                SilencedUntil = null,
                InhibitedBy = null,
                RoutingTargets = [],
                Timeline = Timeline.Add(new TimelineEntry(e.At, "firing", null, null)),
            },
            Acknowledged e => this with
            {
                Status = AlertStatus.Acknowledged,
                AcknowledgedBy = e.By,
                AppliedWebhookEventIds = RememberWebhookEvent(e.WebhookEventId),
                NotificationOwed = false,
                SilencedBy = null,
                SilencedUntil = null,
                InhibitedBy = null,
                Timeline = Timeline.Add(
                    new TimelineEntry(
                        e.At,
                        "acknowledged",
                        e.By,
                        e.Note,
                        ChangeVia.Of(e.By, e.Origin, e.WebhookEventId)
                    )
                ),
            },
            Resolved e => this with
            {
                Status = AlertStatus.Resolved,
                ResolvedBy = e.By,
                AppliedWebhookEventIds = RememberWebhookEvent(e.WebhookEventId),
                RecentTriggers = [],
                NotificationOwed = false,
                SilencedBy = null,
                SilencedUntil = null,
                InhibitedBy = null,
                Timeline = Timeline.Add(
                    new TimelineEntry(e.At, "resolved", e.By, e.Note, ChangeVia.Of(e.By, e.Origin, e.WebhookEventId))
                ),
            },
            Notified e => this with
            {
                NotifiedAt = NotifiedAt.Where(t => t > e.At - Hour).ToImmutableList().Add(e.At),
                NotifiedThisPeriod = true,
                NotificationOwed = false,
                SilencedBy = null,
                SilencedUntil = null,
                InhibitedBy = null,
                Timeline = TimelineReleasing(e.At, e.Reason),
            },
            NotificationSuppressed e => this with
            {
                Suppressed = Suppressed + 1,
                NotificationOwed = true,
                InhibitedBy = null,
                Timeline = TimelineReleasing(e.At, e.Reason),
            },
            NotificationSilenced e => this with
            {
                Suppressed = SilencedBy == e.SilenceId ? Suppressed : Suppressed + 1,
                NotificationOwed = true,
                SilencedBy = e.SilenceId,
                SilencedUntil = e.Until,
                InhibitedBy = null,
                Timeline = TimelineReleasing(e.At, $"inhibition by {InhibitedBy} ended; held by silence {e.SilenceId}"),
            },
            NotificationInhibited e => ApplyInhibited(e),
            NotificationMuted e => ApplyMuted(e),
            DeliveryScheduled e => this with
            {
                Deliveries = Deliveries.Add(e.Delivery),
                NextDeliveryNumber = Math.Max(NextDeliveryNumber, e.Delivery.Number + 1),
                RoutingTargets = e.Delivery.Request
                    is { Action: NotificationAction.Trigger, EscalationStep: null, Remediation: null } trigger
                    ? StickyRouting.Pin(RoutingTargets, e.Delivery.Provider, trigger.Target, trigger.Severity)
                    : RoutingTargets,
            },
            DeliveryRequeued e => UpdateDelivery(e.DeliveryNumber, d => d.Requeued(e.At, e.By)),
            DeliveryAttemptFailed e => UpdateDelivery(e.DeliveryNumber, d => d.AfterFailedAttempt(e.Error)),
            DeliveryCompleted e => TrimCompleted(
                UpdateDelivery(e.DeliveryNumber, d => d.Completed(e.Status, e.At, e.Detail))
                    .SettleSupersededGroupDeliveries(e)
            ),
            Escalated or EscalationSilenced or EscalationMuted => ApplyEscalation(evt),
            RemediationStarted or RemediationAttempted or RemediationFailed or RemediationCancelled => ApplyRemediation(
                evt
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "unknown alert event"),
        };

    private AlertState ApplyOccurrence(OccurrenceRecorded e)
    {
        var o = e.Occurrence;
        var recent = RecentEventIds.Add(o.EventId);
        if (recent.Count > RecentEventIdCapacity)
            recent = recent.RemoveRange(0, recent.Count - RecentEventIdCapacity);
        if (o.Action == EventAction.Resolve)
            return this with { RecentEventIds = recent };

        var triggers = RecentTriggers.Add(e.ReceivedAt);
        var keep = Math.Max(o.Policy.ThresholdCount, 1);
        if (triggers.Count > keep)
            triggers = triggers.RemoveRange(0, triggers.Count - keep);
        return this with
        {
            // A change event is context, not a condition: it has no lifecycle of its own.
            Status =
                o.ChangeEvent ? (Status == AlertStatus.None ? AlertStatus.Resolved : Status)
                : Status is AlertStatus.None or AlertStatus.Resolved ? AlertStatus.Pending
                : Status,
            PeriodStartedAt =
                !o.ChangeEvent && Status is AlertStatus.None or AlertStatus.Resolved ? e.ReceivedAt : PeriodStartedAt,
            PeriodOccurrences =
                o.ChangeEvent ? PeriodOccurrences
                : Status is AlertStatus.None or AlertStatus.Resolved ? 1
                : PeriodOccurrences + 1,
            Severity = o.Severity,
            Summary = o.Summary,
            Source = o.Source,
            Type = o.Type,
            Subject = o.Subject,
            Tenant = o.Tenant,
            Rule = o.Rule,
            Providers = o.Providers,
            Policy = o.Policy,
            Group = o.Group,
            Details = o.Details,
            Occurrences = Occurrences + 1,
            FirstSeen = FirstSeen ?? e.ReceivedAt,
            LastSeen = e.ReceivedAt,
            LastOccurrenceAt = o.At,
            RecentTriggers = triggers,
            RecentEventIds = recent,
        };
    }

    private AlertState UpdateDelivery(long number, Func<OutboxDelivery, OutboxDelivery> change)
    {
        var index = Deliveries.FindIndex(d => d.Number == number);
        return index < 0 ? this : this with { Deliveries = Deliveries.SetItem(index, change(Deliveries[index])) };
    }

    private static AlertState TrimCompleted(AlertState state)
    {
        var completed = state.Deliveries.Count(d => !d.IsPending);
        if (completed <= CompletedDeliveryCapacity)
            return state;
        var toDrop = completed - CompletedDeliveryCapacity;
        var kept = state.Deliveries.Where(d => d.IsPending || toDrop-- <= 0).ToImmutableList();
        return state with { Deliveries = kept };
    }
}
