using System.Collections.Immutable;
using System.Text.Json;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;

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
    /// When the current period began: the receive time of the first trigger occurrence after the alert was new or
    /// resolved (null in snapshots written before it existed, until the next period). A provider's change from before
    /// it belongs to an earlier period.
    /// </summary>
    public DateTimeOffset? PeriodStartedAt { get; init; }
    public string? AcknowledgedBy { get; init; }
    public string? ResolvedBy { get; init; }

    /// <summary>Receive times of the latest trigger occurrences of the current (pending) period, at most
    /// threshold.count.</summary>
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

    /// <summary>The providers and routing targets this firing period's triggers went to: its acknowledgements, resolves
    /// and repeats go there too (<see cref="StickyRouting"/>).</summary>
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

    // ---- derived views ---------------------------------------------------------------------------

    /// <summary>The oldest pending delivery of each provider: the only ones that may be in flight.</summary>
    public IEnumerable<OutboxDelivery> NextDeliveries() =>
        Deliveries
            .Where(d => d.IsPending)
            .GroupBy(d => d.Provider)
            .Select(g => g.Key == ProviderNames.Group ? g.Last() : g.First());

    /// <summary>When a timer is due, or null when it should not run.</summary>
    public DateTimeOffset? DueAt(AlertTimer timer) =>
        timer switch
        {
            AlertTimer.AutoResolve
                when Status is AlertStatus.Pending or AlertStatus.Firing or AlertStatus.Acknowledged
                    && Policy.AutoResolveAfter > TimeSpan.Zero
                    && LastSeen is { } last => last + Policy.AutoResolveAfter,
            AlertTimer.Repeat
                when Status == AlertStatus.Firing
                    && !NotificationOwed
                    && !HeldForRemediation
                    && Policy.RepeatInterval > TimeSpan.Zero
                    && LastNotifiedAt is { } notified => notified + Policy.RepeatInterval,
            // An inhibited notification has no end time: the inhibition check and the wake on its source's resolve
            // release it.
            AlertTimer.OwedNotification when Status == AlertStatus.Firing && NotificationOwed && InhibitedBy is null =>
                Later(Later(NotificationBudgetAt(), SilencedUntil), MutedUntil) ?? LastSeen,
            AlertTimer.Escalation => EscalationDueAt(),
            _ => null,
        };

    /// <summary>
    /// True while the alert has a delivery to finish, or a notification a silence or an inhibition holds back (a
    /// silence can be expired early, an inhibiting alert resolves, which only a live alert notices): it stays in
    /// memory. Timers alone do not keep it there: their due times are in the read model (<see cref="NextDueAt"/>), and
    /// the due-alert scheduler wakes the alert when one is due.
    /// </summary>
    public bool HasLiveWork => Deliveries.Any(d => d.IsPending) || IsHeldBack;

    /// <summary>
    /// When this alert must next be in memory, or null when never: the earliest timer (<see cref="DueAt"/>); for a
    /// pending delivery its creation plus <paramref name="deliveryResumeAfter"/> (a live alert finishes it itself; this
    /// resumes one whose node died); for a notification a silence or an inhibition holds back, now-ish (the last
    /// occurrence), so an alert that lost its node comes back to watch the silence or its inhibiting alert.
    /// </summary>
    public DateTimeOffset? NextDueAt(TimeSpan deliveryResumeAfter)
    {
        DateTimeOffset? next = null;
        foreach (var timer in Enum.GetValues<AlertTimer>())
            next = Earlier(next, DueAt(timer));
        foreach (var delivery in Deliveries)
        {
            if (delivery.IsPending)
                next = Earlier(next, delivery.CreatedAt + deliveryResumeAfter);
        }
        if (IsHeldBack)
            next = Earlier(next, LastSeen);
        return next;
    }

    /// <summary>The earliest time the throttle allows the next trigger notification.</summary>
    public DateTimeOffset? NotificationBudgetAt()
    {
        if (LastNotifiedAt is not { } last)
            return null;
        var at = Policy.Cooldown > TimeSpan.Zero ? last + Policy.Cooldown : last;
        if (Policy.MaxPerHour > 0 && NotifiedAt.Count >= Policy.MaxPerHour)
        {
            var oldestThatCounts = NotifiedAt[NotifiedAt.Count - Policy.MaxPerHour];
            if (oldestThatCounts + Hour > at)
                at = oldestThatCounts + Hour;
        }
        return at;
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b
        : b is null ? a
        : a > b ? a
        : b;

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b
        : b is null ? a
        : a < b ? a
        : b;
}
