using System.Collections.Immutable;
using System.Text.Json;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Alerts.AlertEvents;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// The state of one alert (one dedup key). <see cref="Decide(AlertCommands.RecordOccurrence, DateTimeOffset)"/>
/// turns a command into events; <see cref="Apply"/> folds an event into the state. Both are pure: time
/// comes in with the command and is carried by the events.
/// </summary>
public sealed record AlertState
{
    /// <summary>How many recent event ids are kept to drop exact redeliveries.</summary>
    public const int RecentEventIdCapacity = 256;

    /// <summary>How many completed deliveries are kept for display; pending ones are always kept.</summary>
    public const int CompletedDeliveryCapacity = 50;

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
    public JsonElement? Details { get; init; }
    public long Occurrences { get; init; }
    public DateTimeOffset? FirstSeen { get; init; }
    public DateTimeOffset? LastSeen { get; init; }
    public int FiringPeriod { get; init; }
    public string? AcknowledgedBy { get; init; }
    public string? ResolvedBy { get; init; }
    public long NextDeliveryNumber { get; init; } = 1;
    public ImmutableList<Delivery> Deliveries { get; init; } = [];
    public ImmutableList<TimelineEntry> Timeline { get; init; } = [];
    public ImmutableList<string> RecentEventIds { get; init; } = [];

    public bool Exists => Status != AlertStatus.None;

    public static AlertState Empty(string dedupKey) => new() { DedupKey = dedupKey };

    public Decision Decide(AlertCommands.RecordOccurrence command, DateTimeOffset now)
    {
        var occurrence = command.Occurrence;
        if (RecentEventIds.Contains(occurrence.EventId)) return Decision.Nothing;

        if (occurrence.Action == EventAction.Resolve)
        {
            if (!Status.IsOpen()) return Decision.Nothing;
            var by = $"event:{occurrence.Source}";
            return new Decision([new OccurrenceRecorded(occurrence, now), .. ResolveEvents(now, by, note: null)]);
        }

        var events = new List<IAlertEvent> { new OccurrenceRecorded(occurrence, now) };
        if (!Status.IsOpen())
        {
            events.Add(new Fired(now, FiringPeriod + 1));
            var number = NextDeliveryNumber;
            foreach (var provider in occurrence.Providers)
                events.Add(new DeliveryScheduled(new Delivery(
                    number++, provider, TriggerRequest(occurrence), now)));
        }
        return new Decision(events);
    }

    public Decision Decide(AlertCommands.Acknowledge command, DateTimeOffset now) => Status switch
    {
        AlertStatus.None => NotFound(),
        AlertStatus.Acknowledged => Decision.Nothing,
        AlertStatus.Firing => new Decision([
            new Acknowledged(now, command.By, command.Note),
            .. ScheduleForProviders(NotificationAction.Acknowledge, now, command.By, command.Note)]),
        _ => Decision.Reject(DedupKey, RejectionReason.Conflict, $"alert {DedupKey} is {Status.ToName()}; only a firing alert can be acknowledged"),
    };

    public Decision Decide(AlertCommands.Resolve command, DateTimeOffset now) => Status switch
    {
        AlertStatus.None => NotFound(),
        AlertStatus.Resolved => Decision.Nothing,
        _ => new Decision(ResolveEvents(now, command.By, command.Note)),
    };

    public Decision DecideDeliveryOutcome(long deliveryNumber, DeliveryOutcome outcome, DateTimeOffset now)
    {
        var delivery = Deliveries.Find(d => d.Number == deliveryNumber);
        if (delivery is not { IsPending: true }) return Decision.Nothing;
        IAlertEvent evt = outcome.Kind switch
        {
            DeliveryOutcomeKind.Delivered => new DeliveryCompleted(deliveryNumber, now, DeliveryStatus.Delivered, outcome.Detail),
            DeliveryOutcomeKind.DryRun => new DeliveryCompleted(deliveryNumber, now, DeliveryStatus.DryRun, outcome.Detail),
            DeliveryOutcomeKind.Permanent => new DeliveryCompleted(deliveryNumber, now, DeliveryStatus.Failed, outcome.Detail),
            _ => new DeliveryAttemptFailed(deliveryNumber, now, outcome.Detail ?? "retryable failure"),
        };
        return new Decision([evt]);
    }

    /// <summary>The oldest pending delivery of each provider: the only ones that may be in flight.</summary>
    public IEnumerable<Delivery> NextDeliveries() =>
        Deliveries.Where(d => d.IsPending).GroupBy(d => d.Provider).Select(g => g.First());

    public AlertState Apply(IAlertEvent evt) => evt switch
    {
        OccurrenceRecorded e => ApplyOccurrence(e),
        Fired e => this with
        {
            Status = AlertStatus.Firing,
            FiringPeriod = e.Period,
            AcknowledgedBy = null,
            ResolvedBy = null,
            Timeline = Timeline.Add(new TimelineEntry(e.At, "firing", null, null)),
        },
        Acknowledged e => this with
        {
            Status = AlertStatus.Acknowledged,
            AcknowledgedBy = e.By,
            Timeline = Timeline.Add(new TimelineEntry(e.At, "acknowledged", e.By, e.Note)),
        },
        Resolved e => this with
        {
            Status = AlertStatus.Resolved,
            ResolvedBy = e.By,
            Timeline = Timeline.Add(new TimelineEntry(e.At, "resolved", e.By, e.Note)),
        },
        DeliveryScheduled e => this with
        {
            Deliveries = Deliveries.Add(e.Delivery),
            NextDeliveryNumber = Math.Max(NextDeliveryNumber, e.Delivery.Number + 1),
        },
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
        return this with
        {
            Status = Status == AlertStatus.None ? AlertStatus.Pending : Status,
            Severity = o.Severity,
            Summary = o.Summary,
            Source = o.Source,
            Type = o.Type,
            Subject = o.Subject,
            Tenant = o.Tenant,
            Rule = o.Rule,
            Providers = o.Providers,
            Details = o.Details,
            Occurrences = Occurrences + 1,
            FirstSeen = FirstSeen ?? e.ReceivedAt,
            LastSeen = e.ReceivedAt,
            RecentEventIds = recent,
        };
    }

    private IReadOnlyList<IAlertEvent> ResolveEvents(DateTimeOffset now, string by, string? note)
    {
        var events = new List<IAlertEvent> { new Resolved(now, by, note) };
        if (Status.IsOpen()) events.AddRange(ScheduleForProviders(NotificationAction.Resolve, now, by, note));
        return events;
    }

    private IEnumerable<IAlertEvent> ScheduleForProviders(NotificationAction action, DateTimeOffset now, string by, string? note)
    {
        var number = NextDeliveryNumber;
        foreach (var provider in Providers)
            yield return new DeliveryScheduled(new Delivery(number++, provider, CurrentRequest(action, now, by, note), now));
    }

    private NotificationRequest TriggerRequest(Occurrence o) =>
        new(DedupKey, NotificationAction.Trigger, o.Summary, o.Severity, o.Source, o.Type, o.Subject, o.Tenant, o.At, o.Details, o.Rule);

    private NotificationRequest CurrentRequest(NotificationAction action, DateTimeOffset now, string by, string? note) =>
        new(DedupKey, action, Summary, Severity, Source, Type, Subject, Tenant, now, Details, Rule, by, note);

    private Decision NotFound() =>
        Decision.Reject(DedupKey, RejectionReason.NotFound, $"no alert with dedup key {DedupKey}");

    private AlertState UpdateDelivery(long number, Func<Delivery, Delivery> change)
    {
        var index = Deliveries.FindIndex(d => d.Number == number);
        return index < 0 ? this : this with { Deliveries = Deliveries.SetItem(index, change(Deliveries[index])) };
    }

    private AlertState TrimCompleted(AlertState state)
    {
        var completed = state.Deliveries.Count(d => !d.IsPending);
        if (completed <= CompletedDeliveryCapacity) return state;
        var toDrop = completed - CompletedDeliveryCapacity;
        var kept = state.Deliveries.Where(d => d.IsPending || toDrop-- <= 0).ToImmutableList();
        return state with { Deliveries = kept };
    }
}
