using AlertActors.Domain.Events;
using AlertActors.Domain.Inhibition;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Silences;
using AlertActors.Domain.TimeIntervals;
using static AlertActors.Domain.Alerts.AlertJournalEvents;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// The decisions of <see cref="AlertState"/>: each <c>Decide</c> turns a command (or a timer, or a delivery outcome)
/// into the journal events it comes to, or a rejection. Pure: the time comes in with the command.
/// </summary>
public sealed partial record AlertState
{
    /// <param name="routes">Where providers would route a trigger now: the first trigger of a firing period pins it
    /// (<see cref="StickyRouting"/>); null routes every call when it is sent.</param>
    public Decision Decide(
        AlertCommands.RecordOccurrence command,
        DateTimeOffset now,
        ISilenceLookup? silences = null,
        IRoutingTargets? routes = null,
        IInhibitionLookup? inhibitions = null,
        ITimeMutes? mutes = null
    )
    {
        var occurrence = command.Occurrence;
        if (RecentEventIds.Contains(occurrence.EventId))
            return Decision.Nothing;
        var draft = new Draft(this, silences, routes, inhibitions, mutes);

        if (occurrence.Action == EventAction.Resolve)
        {
            draft.Add(new OccurrenceRecorded(occurrence, now));
            // Nothing to resolve: only its id is kept, so a redelivery after a newer trigger is dropped.
            if (Status is not (AlertStatus.Pending or AlertStatus.Firing or AlertStatus.Acknowledged))
                return draft.Decision;
            draft.Resolve(now, ChangeVia.EventByPrefix + occurrence.Source, note: null);
            return draft.Decision;
        }

        if (occurrence.ChangeEvent)
        {
            draft.Add(new OccurrenceRecorded(occurrence, now));
            draft.ScheduleChangeEvent(now);
            return draft.Decision;
        }

        var escalated = Status == AlertStatus.Firing && occurrence.Severity > Severity;
        draft.Add(new OccurrenceRecorded(occurrence, now));
        if (draft.State.Status == AlertStatus.Pending && draft.State.ThresholdReached(now))
        {
            draft.Add(new Fired(now, FiringPeriod + 1));
            if (!draft.StartRemediation(now))
                draft.NotifyOrThrottle(now, "fired");
        }
        else if (escalated && !draft.State.NotificationOwed)
        {
            draft.NotifyOrThrottle(now, $"severity raised to {occurrence.Severity.ToName()}");
        }
        return draft.Decision;
    }

    public Decision Decide(AlertCommands.Acknowledge command, DateTimeOffset now)
    {
        if (Status == AlertStatus.None)
            return NotFound();
        if (RefuseWebhookReplay(command.WebhookEventId, command.OccurredAt, command.Origin) is { } refused)
            return refused;
        switch (Status)
        {
            case AlertStatus.Acknowledged:
                return Decision.Nothing;
            case AlertStatus.Firing:
                var draft = new Draft(this, silences: null);
                draft.Add(new Acknowledged(now, command.By, command.Note, command.WebhookEventId, command.Origin));
                draft.CancelRemediation(now, "acknowledged");
                if (NotifiedThisPeriod)
                    draft.ScheduleForProviders(
                        NotificationAction.Acknowledge,
                        now,
                        command.By,
                        command.Note,
                        except: command.Origin
                    );
                draft.EndEscalations(NotificationAction.Acknowledge, now, command.By, command.Note);
                return draft.Decision;
            default:
                return Decision.Reject(
                    DedupKey,
                    RejectionReason.Conflict,
                    $"alert {DedupKey} is {Status.ToName()}; only a firing alert can be acknowledged"
                );
        }
    }

    public Decision Decide(AlertCommands.Resolve command, DateTimeOffset now)
    {
        if (Status == AlertStatus.None)
            return NotFound();
        if (RefuseWebhookReplay(command.WebhookEventId, command.OccurredAt, command.Origin) is { } refused)
            return refused;
        if (Status == AlertStatus.Resolved)
            return Decision.Nothing;
        var draft = new Draft(this, silences: null);
        draft.Resolve(now, command.By, command.Note, except: command.Origin, command.WebhookEventId);
        return draft.Decision;
    }

    public Decision Decide(AlertCommands.RequeueDelivery command, DateTimeOffset now)
    {
        if (Deliveries.Find(d => d.Number == command.DeliveryNumber) is not { } delivery)
            return Decision.Reject(
                DedupKey,
                RejectionReason.NotFound,
                $"alert {DedupKey} has no delivery {command.DeliveryNumber}"
            );
        if (delivery.Status != DeliveryStatus.Dead)
            return Decision.Reject(
                DedupKey,
                RejectionReason.Conflict,
                $"delivery {delivery.Number} of {DedupKey} is {delivery.Status.ToName()}; only a dead delivery can be retried"
            );
        if (
            Deliveries.Find(d =>
                d.Provider == delivery.Provider
                && d.Request.Target == delivery.Request.Target
                && d.Number > delivery.Number
                && d.Status == DeliveryStatus.Delivered
            ) is
            { } later
        )
            return Decision.Reject(
                DedupKey,
                RejectionReason.Conflict,
                $"delivery {delivery.Number} ({delivery.Request.Action.ToString().ToLowerInvariant()}) of {DedupKey} is superseded: {delivery.Provider} already received the later {later.Request.Action.ToString().ToLowerInvariant()} (delivery {later.Number})"
            );
        return new Decision([new DeliveryRequeued(delivery.Number, now, command.By)]);
    }

    /// <summary>
    /// A timer went off. Its due time is checked again here, so a stale timer changes nothing. An owed
    /// notification is re-examined whenever asked (a silence may have been expired early).
    /// </summary>
    public Decision Decide(
        AlertTimer timer,
        DateTimeOffset now,
        ISilenceLookup? silences = null,
        IRoutingTargets? routes = null,
        IInhibitionLookup? inhibitions = null,
        ITimeMutes? mutes = null
    )
    {
        var draft = new Draft(this, silences, routes, inhibitions, mutes);
        if (timer == AlertTimer.OwedNotification)
        {
            if (Status == AlertStatus.Firing && NotificationOwed)
                draft.ReleaseOwed(now);
            return draft.Decision;
        }
        if (DueAt(timer) is not { } due || now < due)
            return Decision.Nothing;
        if (timer == AlertTimer.AutoResolve)
            draft.Resolve(now, AutoResolver, $"no occurrence for {Policy.AutoResolveAfter}");
        else if (timer == AlertTimer.Escalation)
            draft.Escalate(now);
        else
            draft.NotifyOrThrottle(now, "repeat");
        return draft.Decision;
    }

    /// <param name="retryBudget">How long a delivery may keep failing (from when it was recorded or requeued) before it
    /// is dead.</param>
    /// <param name="silences">What may hold the page a remediation attempt's failure releases (the other lookups
    /// too).</param>
    public Decision DecideDeliveryOutcome(
        long deliveryNumber,
        DeliveryOutcome outcome,
        DateTimeOffset now,
        TimeSpan? retryBudget = null,
        ISilenceLookup? silences = null,
        IRoutingTargets? routes = null,
        IInhibitionLookup? inhibitions = null,
        ITimeMutes? mutes = null
    )
    {
        var delivery = Deliveries.Find(d => d.Number == deliveryNumber);
        if (delivery is not { IsPending: true })
            return Decision.Nothing;
        if (delivery.Provider == ProviderNames.Remediation)
        {
            var draft = new Draft(this, silences, routes, inhibitions, mutes);
            DecideRemediationOutcome(draft, delivery, outcome, now);
            return draft.Decision;
        }
        var (completed, detail) = delivery.Judge(outcome, now, retryBudget);
        return new Decision([
            completed is { } status
                ? new DeliveryCompleted(deliveryNumber, now, status, detail)
                : new DeliveryAttemptFailed(deliveryNumber, now, detail!),
        ]);
    }

    /// <summary>The request of a notification about the alert as it is now: a trigger carries its last occurrence's
    /// time (<see cref="TriggerTime"/>), another action the time of the change.</summary>
    private NotificationRequest RequestFor(NotificationAction action, DateTimeOffset now, string? by, string? note)
    {
        var (timestamp, details) =
            action == NotificationAction.Trigger
                ? TriggerTime.Of(LastOccurrenceAt, LastSeen ?? now, Details)
                : (now, Details);
        return new NotificationRequest(
            DedupKey,
            action,
            Summary,
            Severity,
            Source,
            Type,
            Subject,
            Tenant,
            timestamp,
            details,
            Rule,
            by,
            note
        );
    }

    private bool ThresholdReached(DateTimeOffset now) =>
        RecentTriggers.Count(t => t > now - Policy.ThresholdWindow) >= Policy.ThresholdCount;

    private Decision NotFound() =>
        Decision.Reject(DedupKey, RejectionReason.NotFound, $"no alert with dedup key {DedupKey}");

    /// <summary>Events decided so far and the state they lead to, so each decision sees the ones before it.</summary>
    private sealed partial class Draft(
        AlertState state,
        ISilenceLookup? silences,
        IRoutingTargets? routes = null,
        IInhibitionLookup? inhibitions = null,
        ITimeMutes? mutes = null
    )
    {
        private readonly List<IAlertJournalEvent> _events = [];

        public AlertState State { get; private set; } = state;

        public Decision Decision => new(_events);

        public void Add(IAlertJournalEvent evt)
        {
            _events.Add(evt);
            State = State.Apply(evt);
        }

        /// <summary>A trigger round to every provider if no silence and the throttle allow it now; otherwise it is
        /// owed. Nothing while the page is held for remediation.</summary>
        public void NotifyOrThrottle(DateTimeOffset now, string reason)
        {
            if (State.HeldForRemediation || Inhibited(now) || Muted(now))
                return;
            if (silences?.ActiveFor(State, now) is { } silence)
            {
                Add(new NotificationSilenced(now, silence.Id, silence.EndsAt));
                return;
            }
            if (State.NotificationBudgetAt() is { } allowedAt && now < allowedAt)
            {
                Add(new NotificationSuppressed(now, $"{reason}: throttled until {Rfc3339.Format(allowedAt)}"));
                return;
            }
            var firstTrigger = !State.NotifiedThisPeriod;
            Add(new Notified(now, reason));
            ScheduleForProviders(NotificationAction.Trigger, now, by: null, note: null, firstTrigger: firstTrigger);
        }

        /// <summary>An owed notification goes out once neither a mute time interval, a silence nor the throttle holds
        /// it back.</summary>
        public void ReleaseOwed(DateTimeOffset now)
        {
            if (State.InhibitedBy is not null)
            {
                ReleaseInhibited(now);
                return;
            }
            if (Muted(now))
                return;
            if (silences?.ActiveFor(State, now) is { } silence)
            {
                if (silence.Id != State.SilencedBy || silence.EndsAt != State.SilencedUntil)
                    Add(new NotificationSilenced(now, silence.Id, silence.EndsAt));
                return;
            }
            if (State.NotificationBudgetAt() is { } allowedAt && now < allowedAt)
                return;
            NotifyOrThrottle(now, ReleaseReason());
        }

        /// <param name="webhookEventId">The provider webhook event that resolves it, remembered so that a replay is
        /// refused.</param>
        public void Resolve(
            DateTimeOffset now,
            string by,
            string? note,
            string? except = null,
            string? webhookEventId = null
        )
        {
            var notified = State.NotifiedThisPeriod && State.Status.IsOpen();
            Add(new Resolved(now, by, note, webhookEventId, Origin: except));
            CancelRemediation(now, "resolved");
            if (!notified)
                return;
            ScheduleForProviders(NotificationAction.Resolve, now, by, note, except);
            EndEscalations(NotificationAction.Resolve, now, by, note);
        }

        /// <summary>Change events go to PagerDuty only (the other providers have no such notion).</summary>
        public void ScheduleChangeEvent(DateTimeOffset now)
        {
            if (!State.Providers.Contains(ProviderNames.PagerDuty))
                return;
            var s = State;
            var (timestamp, details) = TriggerTime.Of(s.LastOccurrenceAt, s.LastSeen ?? now, s.Details);
            var request = new NotificationRequest(
                s.DedupKey,
                NotificationAction.Change,
                s.Summary,
                s.Severity,
                s.Source,
                s.Type,
                s.Subject,
                s.Tenant,
                timestamp,
                details,
                s.Rule
            );
            Add(
                new DeliveryScheduled(
                    new OutboxDelivery(
                        s.NextDeliveryNumber,
                        ProviderNames.PagerDuty,
                        request with
                        {
                            Target = routes?.TargetOf(ProviderNames.PagerDuty, request),
                        },
                        now
                    )
                )
            );
        }

        /// <summary>One delivery per provider and routing target of the notification
        /// (<see cref="StickyRouting"/>).</summary>
        /// <param name="except">A provider not to tell (the one the change came from).</param>
        /// <param name="firstTrigger">True for the first trigger round of the firing period (it pins the
        /// targets).</param>
        public void ScheduleForProviders(
            NotificationAction action,
            DateTimeOffset now,
            string? by,
            string? note,
            string? except = null,
            bool firstTrigger = false
        )
        {
            var s = State;
            var request = s.RequestFor(action, now, by, note);
            foreach (var provider in StickyRouting.ProvidersOf(s, action, firstTrigger))
            {
                if (provider == except || provider == ProviderNames.Group && !ReachesGroup(action))
                    continue;
                foreach (var target in StickyRouting.TargetsOf(s, provider, request, firstTrigger, routes))
                    Add(
                        new DeliveryScheduled(
                            new OutboxDelivery(
                                State.NextDeliveryNumber,
                                provider,
                                provider == ProviderNames.Group && target is not null
                                    ? s.ForGroup(request, target)
                                    : request with
                                    {
                                        Target = target,
                                    },
                                now
                            )
                        )
                    );
            }
        }
    }
}
