using System.Collections.Immutable;
using System.Text.Json;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;
using static AlertActors.Domain.Alerts.AlertJournalEvents;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// The state of one alert (one dedup key). The <c>Decide</c> methods turn a command into events;
/// <see cref="Apply"/> folds an event into the state. Both are pure: time comes in with the command and
/// is carried by the events, so replaying the journal gives the same state and the same timers.
/// </summary>
public sealed partial record AlertState : IAlertMessage
{
    /// <summary>How many recent event ids are kept to drop exact redeliveries.</summary>
    public const int RecentEventIdCapacity = 256;

    /// <summary>How many completed deliveries are kept for display; pending ones are always kept.</summary>
    public const int CompletedDeliveryCapacity = 50;

    public const string AutoResolver = "auto-resolve";
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public required string DedupKey { get; init; }
    public AlertStatus Status { get; init; } = AlertStatus.None;
    public Severity Severity { get; init; } = Severity.Info;
    public string Summary { get; init; } = "";
    public string Source { get; init; } = "";
    public string Type { get; init; } = "";
    public string? Subject { get; init; }
    public string Tenant { get; init; } = InfraEvent.DefaultTenant;
    public string Rule { get; init; } = "";
    public ImmutableArray<string> Providers { get; init; } = [];
    public AlertPolicy Policy { get; init; } = AlertPolicy.Default;
    public JsonElement? Details { get; init; }
    public long Occurrences { get; init; }
    public DateTimeOffset? FirstSeen { get; init; }
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>The producer's time of the latest trigger occurrence (PagerDuty's payload.timestamp).</summary>
    public DateTimeOffset? LastOccurrenceAt { get; init; }
    public int FiringPeriod { get; init; }

    /// <summary>
    /// When the current period began: the receive time of the first trigger occurrence after the alert was new or resolved (null in
    /// snapshots written before it existed, until the next period). A provider's change from before it belongs to an earlier period.
    /// </summary>
    public DateTimeOffset? PeriodStartedAt { get; init; }
    public string? AcknowledgedBy { get; init; }
    public string? ResolvedBy { get; init; }

    /// <summary>Receive times of the latest trigger occurrences of the current (pending) period, at most threshold.count.</summary>
    public ImmutableList<DateTimeOffset> RecentTriggers { get; init; } = [];

    /// <summary>Times of trigger notification rounds within the last hour (the throttle budget).</summary>
    public ImmutableList<DateTimeOffset> NotifiedAt { get; init; } = [];

    /// <summary>True once a trigger went out in the current firing period: only then do ack/resolve notify.</summary>
    public bool NotifiedThisPeriod { get; init; }

    /// <summary>A trigger notification held back by the throttle or a silence, owed while the alert fires.</summary>
    public bool NotificationOwed { get; init; }

    /// <summary>The silence that holds the owed notification back, and until when (null when none does).</summary>
    public string? SilencedBy { get; init; }

    public DateTimeOffset? SilencedUntil { get; init; }

    /// <summary>The providers and routing targets this firing period's triggers went to: its acknowledgements, resolves and repeats go there too (<see cref="StickyRouting"/>).</summary>
    public ImmutableList<RoutingTarget> RoutingTargets { get; init; } = [];

    /// <summary>Notifications the throttle held back, over the alert's life.</summary>
    public long Suppressed { get; init; }

    public long NextDeliveryNumber { get; init; } = 1;
    public ImmutableList<OutboxDelivery> Deliveries { get; init; } = [];
    public ImmutableList<TimelineEntry> Timeline { get; init; } = [];
    public ImmutableList<string> RecentEventIds { get; init; } = [];

    public bool Exists => Status != AlertStatus.None;

    public DateTimeOffset? LastNotifiedAt => NotifiedAt.IsEmpty ? null : NotifiedAt[^1];

    public static AlertState Empty(string dedupKey) => new() { DedupKey = dedupKey };

    // ---- decisions -------------------------------------------------------------------------------

    /// <param name="routes">Where providers would route a trigger now: the first trigger of a firing period pins it (<see cref="StickyRouting"/>); null routes every call when it is sent.</param>
    public Decision Decide(AlertCommands.RecordOccurrence command, DateTimeOffset now, ISilenceLookup? silences = null, IRoutingTargets? routes = null)
    {
        var occurrence = command.Occurrence;
        if (RecentEventIds.Contains(occurrence.EventId)) return Decision.Nothing;
        var draft = new Draft(this, silences, routes);

        if (occurrence.Action == EventAction.Resolve)
        {
            draft.Add(new OccurrenceRecorded(occurrence, now));
            // Nothing to resolve: only its id is kept, so a redelivery after a newer trigger is dropped.
            if (Status is not (AlertStatus.Pending or AlertStatus.Firing or AlertStatus.Acknowledged)) return draft.Decision;
            draft.Resolve(now, $"event:{occurrence.Source}", note: null);
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
        if (Status == AlertStatus.None) return NotFound();
        if (RefuseWebhookReplay(command.WebhookEventId, command.OccurredAt, command.Origin) is { } refused) return refused;
        switch (Status)
        {
            case AlertStatus.Acknowledged: return Decision.Nothing;
            case AlertStatus.Firing:
                var draft = new Draft(this, silences: null);
                draft.Add(new Acknowledged(now, command.By, command.Note, command.WebhookEventId));
                if (NotifiedThisPeriod) draft.ScheduleForProviders(NotificationAction.Acknowledge, now, command.By, command.Note, except: command.Origin);
                return draft.Decision;
            default:
                return Decision.Reject(DedupKey, RejectionReason.Conflict, $"alert {DedupKey} is {Status.ToName()}; only a firing alert can be acknowledged");
        }
    }

    public Decision Decide(AlertCommands.Resolve command, DateTimeOffset now)
    {
        if (Status == AlertStatus.None) return NotFound();
        if (RefuseWebhookReplay(command.WebhookEventId, command.OccurredAt, command.Origin) is { } refused) return refused;
        if (Status == AlertStatus.Resolved) return Decision.Nothing;
        var draft = new Draft(this, silences: null);
        draft.Resolve(now, command.By, command.Note, except: command.Origin, command.WebhookEventId);
        return draft.Decision;
    }

    public Decision Decide(AlertCommands.RequeueDelivery command, DateTimeOffset now)
    {
        if (Deliveries.Find(d => d.Number == command.DeliveryNumber) is not { } delivery)
            return Decision.Reject(DedupKey, RejectionReason.NotFound, $"alert {DedupKey} has no delivery {command.DeliveryNumber}");
        if (delivery.Status != DeliveryStatus.Dead)
            return Decision.Reject(DedupKey, RejectionReason.Conflict, $"delivery {delivery.Number} of {DedupKey} is {delivery.Status.ToName()}; only a dead delivery can be retried");
        if (Deliveries.Find(d => d.Provider == delivery.Provider && d.Request.Target == delivery.Request.Target && d.Number > delivery.Number
                                 && d.Status == DeliveryStatus.Delivered) is { } later)
            return Decision.Reject(DedupKey, RejectionReason.Conflict,
                $"delivery {delivery.Number} ({delivery.Request.Action.ToString().ToLowerInvariant()}) of {DedupKey} is superseded: {delivery.Provider} already received the later {later.Request.Action.ToString().ToLowerInvariant()} (delivery {later.Number})");
        return new Decision([new DeliveryRequeued(delivery.Number, now, command.By)]);
    }

    /// <summary>
    /// A timer went off. Its due time is checked again here, so a stale timer changes nothing. An owed
    /// notification is re-examined whenever asked (a silence may have been expired early).
    /// </summary>
    public Decision Decide(AlertTimer timer, DateTimeOffset now, ISilenceLookup? silences = null, IRoutingTargets? routes = null)
    {
        var draft = new Draft(this, silences, routes);
        if (timer == AlertTimer.OwedNotification)
        {
            if (Status == AlertStatus.Firing && NotificationOwed) draft.ReleaseOwed(now);
            return draft.Decision;
        }
        if (DueAt(timer) is not { } due || now < due) return Decision.Nothing;
        if (timer == AlertTimer.AutoResolve) draft.Resolve(now, AutoResolver, $"no occurrence for {Policy.AutoResolveAfter}");
        else draft.NotifyOrThrottle(now, "repeat");
        return draft.Decision;
    }

    /// <param name="retryBudget">How long a delivery may keep failing (from when it was recorded or requeued) before it is dead.</param>
    public Decision DecideDeliveryOutcome(long deliveryNumber, DeliveryOutcome outcome, DateTimeOffset now, TimeSpan? retryBudget = null)
    {
        var delivery = Deliveries.Find(d => d.Number == deliveryNumber);
        if (delivery is not { IsPending: true }) return Decision.Nothing;
        var outOfBudget = retryBudget is { } budget && now - delivery.CreatedAt >= budget;
        IAlertJournalEvent evt = outcome.Kind switch
        {
            DeliveryOutcomeKind.Delivered => new DeliveryCompleted(deliveryNumber, now, DeliveryStatus.Delivered, outcome.Detail),
            DeliveryOutcomeKind.DryRun => new DeliveryCompleted(deliveryNumber, now, DeliveryStatus.DryRun, outcome.Detail),
            DeliveryOutcomeKind.Permanent => new DeliveryCompleted(deliveryNumber, now, DeliveryStatus.Dead, outcome.Detail),
            _ when outOfBudget => new DeliveryCompleted(deliveryNumber, now, DeliveryStatus.Dead,
                $"retry budget of {retryBudget} exhausted; last error: {outcome.Detail ?? "retryable failure"}"),
            _ => new DeliveryAttemptFailed(deliveryNumber, now, outcome.Detail ?? "retryable failure"),
        };
        return new Decision([evt]);
    }

    // ---- derived views ---------------------------------------------------------------------------

    /// <summary>The oldest pending delivery of each provider: the only ones that may be in flight.</summary>
    public IEnumerable<OutboxDelivery> NextDeliveries() =>
        Deliveries.Where(d => d.IsPending).GroupBy(d => d.Provider).Select(g => g.First());

    /// <summary>When a timer is due, or null when it should not run.</summary>
    public DateTimeOffset? DueAt(AlertTimer timer) => timer switch
    {
        AlertTimer.AutoResolve when Status is AlertStatus.Pending or AlertStatus.Firing or AlertStatus.Acknowledged
                                    && Policy.AutoResolveAfter > TimeSpan.Zero && LastSeen is { } last
            => last + Policy.AutoResolveAfter,
        AlertTimer.Repeat when Status == AlertStatus.Firing && !NotificationOwed
                               && Policy.RepeatInterval > TimeSpan.Zero && LastNotifiedAt is { } notified
            => notified + Policy.RepeatInterval,
        AlertTimer.OwedNotification when Status == AlertStatus.Firing && NotificationOwed
            => Later(NotificationBudgetAt(), SilencedUntil) ?? LastSeen,
        _ => null,
    };

    /// <summary>
    /// True while the alert has a delivery to finish, or a notification a silence holds back (a silence can be expired
    /// early, which only a live alert notices): it stays in memory. Timers alone do not keep it there: their due
    /// times are in the read model (<see cref="NextDueAt"/>), and the due-alert scheduler wakes the alert when one is due.
    /// </summary>
    public bool HasLiveWork => Deliveries.Any(d => d.IsPending) || SilencedBy is not null;

    /// <summary>
    /// When this alert must next be in memory, or null when never: the earliest timer (<see cref="DueAt"/>); for a
    /// pending delivery its creation plus <paramref name="deliveryResumeAfter"/> (a live alert finishes it itself; this
    /// resumes one whose node died); for a notification a silence holds back, now-ish (the last occurrence), so an alert
    /// that lost its node comes back to watch the silence.
    /// </summary>
    public DateTimeOffset? NextDueAt(TimeSpan deliveryResumeAfter)
    {
        DateTimeOffset? next = null;
        foreach (var timer in Enum.GetValues<AlertTimer>()) next = Earlier(next, DueAt(timer));
        foreach (var delivery in Deliveries)
        {
            if (delivery.IsPending) next = Earlier(next, delivery.CreatedAt + deliveryResumeAfter);
        }
        if (SilencedBy is not null) next = Earlier(next, LastSeen);
        return next;
    }

    /// <summary>The earliest time the throttle allows the next trigger notification.</summary>
    public DateTimeOffset? NotificationBudgetAt()
    {
        if (LastNotifiedAt is not { } last) return null;
        var at = Policy.Cooldown > TimeSpan.Zero ? last + Policy.Cooldown : last;
        if (Policy.MaxPerHour > 0 && NotifiedAt.Count >= Policy.MaxPerHour)
        {
            var oldestThatCounts = NotifiedAt[NotifiedAt.Count - Policy.MaxPerHour];
            if (oldestThatCounts + Hour > at) at = oldestThatCounts + Hour;
        }
        return at;
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;

    private bool ThresholdReached(DateTimeOffset now) =>
        RecentTriggers.Count(t => t > now - Policy.ThresholdWindow) >= Policy.ThresholdCount;

    private Decision NotFound() =>
        Decision.Reject(DedupKey, RejectionReason.NotFound, $"no alert with dedup key {DedupKey}");

    // ---- evolution -------------------------------------------------------------------------------

    public AlertState Apply(IAlertJournalEvent evt) => evt switch
    {
        Batch e => e.Events.Aggregate(this, (state, change) => state.Apply(change)),
        Checkpoint e => e.State,
        OccurrenceRecorded e => ApplyOccurrence(e),
        OccurrencesRecorded e => e.Occurrences.Aggregate(this, (state, occurrence) => state.ApplyOccurrence(occurrence)),
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
            Timeline = Timeline.Add(new TimelineEntry(e.At, "acknowledged", e.By, e.Note)),
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
            Timeline = Timeline.Add(new TimelineEntry(e.At, "resolved", e.By, e.Note)),
        },
        Notified e => this with
        {
            NotifiedAt = NotifiedAt.Where(t => t > e.At - Hour).ToImmutableList().Add(e.At),
            NotifiedThisPeriod = true,
            NotificationOwed = false,
            SilencedBy = null,
            SilencedUntil = null,
        },
        NotificationSuppressed => this with { Suppressed = Suppressed + 1, NotificationOwed = true },
        NotificationSilenced e => this with
        {
            Suppressed = SilencedBy == e.SilenceId ? Suppressed : Suppressed + 1,
            NotificationOwed = true,
            SilencedBy = e.SilenceId,
            SilencedUntil = e.Until,
        },
        DeliveryScheduled e => this with
        {
            Deliveries = Deliveries.Add(e.Delivery),
            NextDeliveryNumber = Math.Max(NextDeliveryNumber, e.Delivery.Number + 1),
            RoutingTargets = e.Delivery.Request is { Action: NotificationAction.Trigger } trigger
                ? StickyRouting.Pin(RoutingTargets, e.Delivery.Provider, trigger.Target, trigger.Severity)
                : RoutingTargets,
        },
        DeliveryRequeued e => UpdateDelivery(e.DeliveryNumber, d => d with
        {
            Status = DeliveryStatus.Pending,
            CreatedAt = e.At,
            CompletedAt = null,
            Detail = $"requeued by {e.By}",
        }),
        DeliveryAttemptFailed e => UpdateDelivery(e.DeliveryNumber, d => d with { Attempts = d.Attempts + 1, Detail = e.Error }),
        DeliveryCompleted e => TrimCompleted(UpdateDelivery(e.DeliveryNumber, d => d with
        {
            Status = e.Status,
            Attempts = d.Attempts + 1,
            CompletedAt = e.At,
            Detail = e.Detail,
        })),
        _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "unknown alert event"),
    };

    private AlertState ApplyOccurrence(OccurrenceRecorded e)
    {
        var o = e.Occurrence;
        var recent = RecentEventIds.Add(o.EventId);
        if (recent.Count > RecentEventIdCapacity) recent = recent.RemoveRange(0, recent.Count - RecentEventIdCapacity);
        if (o.Action == EventAction.Resolve) return this with { RecentEventIds = recent };

        var triggers = RecentTriggers.Add(e.ReceivedAt);
        var keep = Math.Max(o.Policy.ThresholdCount, 1);
        if (triggers.Count > keep) triggers = triggers.RemoveRange(0, triggers.Count - keep);
        return this with
        {
            // A change event is context, not a condition: it has no lifecycle of its own.
            Status = o.ChangeEvent ? (Status == AlertStatus.None ? AlertStatus.Resolved : Status)
                : Status is AlertStatus.None or AlertStatus.Resolved ? AlertStatus.Pending : Status,
            PeriodStartedAt = !o.ChangeEvent && Status is AlertStatus.None or AlertStatus.Resolved ? e.ReceivedAt : PeriodStartedAt,
            Severity = o.Severity,
            Summary = o.Summary,
            Source = o.Source,
            Type = o.Type,
            Subject = o.Subject,
            Tenant = o.Tenant,
            Rule = o.Rule,
            Providers = o.Providers,
            Policy = o.Policy,
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
        if (completed <= CompletedDeliveryCapacity) return state;
        var toDrop = completed - CompletedDeliveryCapacity;
        var kept = state.Deliveries.Where(d => d.IsPending || toDrop-- <= 0).ToImmutableList();
        return state with { Deliveries = kept };
    }

    /// <summary>Events decided so far and the state they lead to, so each decision sees the ones before it.</summary>
    private sealed class Draft(AlertState state, ISilenceLookup? silences, IRoutingTargets? routes = null)
    {
        private readonly List<IAlertJournalEvent> _events = [];

        public AlertState State { get; private set; } = state;

        public Decision Decision => new(_events);

        public void Add(IAlertJournalEvent evt)
        {
            _events.Add(evt);
            State = State.Apply(evt);
        }

        /// <summary>A trigger round to every provider if no silence and the throttle allow it now; otherwise it is owed.</summary>
        public void NotifyOrThrottle(DateTimeOffset now, string reason)
        {
            if (silences?.ActiveFor(State, now) is { } silence)
            {
                Add(new NotificationSilenced(now, silence.Id, silence.EndsAt));
                return;
            }
            if (State.NotificationBudgetAt() is { } allowedAt && now < allowedAt)
            {
                Add(new NotificationSuppressed(now, $"{reason}: throttled until {allowedAt:O}"));
                return;
            }
            var firstTrigger = !State.NotifiedThisPeriod;
            Add(new Notified(now, reason));
            ScheduleForProviders(NotificationAction.Trigger, now, by: null, note: null, firstTrigger: firstTrigger);
        }

        /// <summary>An owed notification goes out once neither a silence nor the throttle holds it back.</summary>
        public void ReleaseOwed(DateTimeOffset now)
        {
            if (silences?.ActiveFor(State, now) is { } silence)
            {
                if (silence.Id != State.SilencedBy || silence.EndsAt != State.SilencedUntil)
                    Add(new NotificationSilenced(now, silence.Id, silence.EndsAt));
                return;
            }
            if (State.NotificationBudgetAt() is { } allowedAt && now < allowedAt) return;
            NotifyOrThrottle(now, State.SilencedBy is null ? "released by throttle" : "silence ended");
        }

        /// <param name="webhookEventId">The provider webhook event that resolves it, remembered so that a replay is refused.</param>
        public void Resolve(DateTimeOffset now, string by, string? note, string? except = null, string? webhookEventId = null)
        {
            var notified = State.NotifiedThisPeriod && State.Status.IsOpen();
            Add(new Resolved(now, by, note, webhookEventId));
            if (notified) ScheduleForProviders(NotificationAction.Resolve, now, by, note, except);
        }

        /// <summary>Change events go to PagerDuty only (the other providers have no such notion).</summary>
        public void ScheduleChangeEvent(DateTimeOffset now)
        {
            if (!State.Providers.Contains(ProviderNames.PagerDuty)) return;
            var s = State;
            var (timestamp, details) = TriggerTime.Of(s.LastOccurrenceAt, s.LastSeen ?? now, s.Details);
            var request = new NotificationRequest(s.DedupKey, NotificationAction.Change, s.Summary, s.Severity, s.Source, s.Type, s.Subject, s.Tenant,
                timestamp, details, s.Rule);
            Add(new DeliveryScheduled(new OutboxDelivery(s.NextDeliveryNumber, ProviderNames.PagerDuty,
                request with { Target = routes?.TargetOf(ProviderNames.PagerDuty, request) }, now)));
        }

        /// <summary>One delivery per provider and routing target of the notification (<see cref="StickyRouting"/>).</summary>
        /// <param name="except">A provider not to tell (the one the change came from).</param>
        /// <param name="firstTrigger">True for the first trigger round of the firing period (it pins the targets).</param>
        public void ScheduleForProviders(NotificationAction action, DateTimeOffset now, string? by, string? note, string? except = null, bool firstTrigger = false)
        {
            var s = State;
            var (timestamp, details) = action == NotificationAction.Trigger ? TriggerTime.Of(s.LastOccurrenceAt, s.LastSeen ?? now, s.Details) : (now, s.Details);
            var request = new NotificationRequest(s.DedupKey, action, s.Summary, s.Severity, s.Source, s.Type, s.Subject, s.Tenant,
                timestamp, details, s.Rule, by, note);
            foreach (var provider in StickyRouting.ProvidersOf(s, action, firstTrigger))
            {
                if (provider == except) continue;
                foreach (var target in StickyRouting.TargetsOf(s, provider, request, firstTrigger, routes))
                    Add(new DeliveryScheduled(new OutboxDelivery(State.NextDeliveryNumber, provider, request with { Target = target }, now)));
            }
        }
    }
}
