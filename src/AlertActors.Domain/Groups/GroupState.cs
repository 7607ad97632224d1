using System.Collections.Immutable;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Groups;

/// <summary>
/// The state of one alert group (one group key, README "Grouping"): its firing members, when it notified, and its
/// outbox. Alerts join when they fire and leave when they resolve; the first notification waits
/// <see cref="GroupPolicy.Wait"/> after the first join, later membership changes go out at most every
/// <see cref="GroupPolicy.Interval"/>, a firing and unacknowledged group re-notifies every
/// <see cref="GroupSettings.RepeatInterval"/>, and the group resolves when its last member leaves. Like
/// <see cref="AlertState"/>, <c>Decide</c> and <see cref="Apply"/> are pure: time comes in with the command.
/// </summary>
public sealed partial record GroupState : IGroupMessage
{
    /// <summary>How many timeline entries are kept (the newest); a storm's joins would otherwise grow it
    /// without bound.</summary>
    public const int TimelineCapacity = 200;

    /// <summary>How many completed deliveries are kept for display; pending ones are always kept.</summary>
    public const int CompletedDeliveryCapacity = 50;

    /// <summary>How many applied provider webhook event ids are kept to refuse replays.</summary>
    public const int WebhookEventIdCapacity = 64;

    public required string GroupKey { get; init; }

    /// <summary><see cref="AlertStatus.None"/> (unknown), <see cref="AlertStatus.Firing"/>,
    /// <see cref="AlertStatus.Acknowledged"/> or <see cref="AlertStatus.Resolved"/>.</summary>
    public AlertStatus Status { get; init; } = AlertStatus.None;

    /// <summary>Null until the first join.</summary>
    public GroupSettings? Settings { get; init; }

    /// <summary>The group's firing period: 1 for the first burst, +1 each time a member joins a resolved
    /// group.</summary>
    public int Period { get; init; }

    /// <summary>When the current firing period began: the earlier of the first member's firing time and its join's
    /// arrival. The first notification is due <see cref="GroupPolicy.Wait"/> after it.</summary>
    public DateTimeOffset? PeriodStartedAt { get; init; }

    /// <summary>The firing members, by dedup key (ordinal order).</summary>
    public ImmutableSortedDictionary<string, GroupMember> Members { get; init; } =
        ImmutableSortedDictionary.Create<string, GroupMember>(StringComparer.Ordinal);

    /// <summary>Per dedup key, the latest firing period that left: a redelivered join of it is ignored.</summary>
    public ImmutableDictionary<string, int> LeftPeriods { get; init; } =
        ImmutableDictionary.Create<string, int>(StringComparer.Ordinal);

    /// <summary>True once a trigger went out in the current period: only then do acknowledge and resolve
    /// notify.</summary>
    public bool NotifiedThisPeriod { get; init; }

    public DateTimeOffset? LastNotifiedAt { get; init; }

    /// <summary>Members joined or left since the last notification: an update is owed at the next
    /// interval.</summary>
    public bool MembersChanged { get; init; }

    public string? AcknowledgedBy { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public long NextDeliveryNumber { get; init; } = 1;
    public ImmutableList<OutboxDelivery> Deliveries { get; init; } = [];
    public ImmutableList<TimelineEntry> Timeline { get; init; } = [];
    public ImmutableList<string> AppliedWebhookEventIds { get; init; } = [];

    public bool Exists => Status != AlertStatus.None;

    public static GroupState Empty(string groupKey) => new() { GroupKey = groupKey };

    /// <summary>The oldest pending delivery of each provider: the only ones that may be in flight.</summary>
    public IEnumerable<OutboxDelivery> NextDeliveries() =>
        Deliveries.Where(d => d.IsPending).GroupBy(d => d.Provider).Select(g => g.First());

    /// <summary>True while a delivery is pending: the group stays in memory to finish it.</summary>
    public bool HasLiveWork => Deliveries.Any(d => d.IsPending);

    /// <summary>
    /// When the group must next notify, or null when it need not: <see cref="GroupPolicy.Wait"/> after its period
    /// began for the first notification (only while firing: a group acknowledged during the wait pages nobody);
    /// <see cref="GroupPolicy.Interval"/> after the last one when members changed since; the repeat interval after the
    /// last one while firing and unchanged.
    /// </summary>
    public DateTimeOffset? NotifyDueAt()
    {
        if (Settings is not { } settings || Members.IsEmpty)
            return null;
        if (!NotifiedThisPeriod)
            return Status == AlertStatus.Firing ? PeriodStartedAt + settings.Policy.Wait : null;
        if (LastNotifiedAt is not { } last || !Status.IsOpen())
            return null;
        if (MembersChanged)
            return last + settings.Policy.Interval;
        return Status == AlertStatus.Firing && settings.RepeatInterval > TimeSpan.Zero
            ? last + settings.RepeatInterval
            : null;
    }

    /// <summary>When this group must next be in memory (its notification timer, or a pending delivery's creation
    /// plus <paramref name="deliveryResumeAfter"/>), or null when never: the due scheduler wakes it then.</summary>
    public DateTimeOffset? NextDueAt(TimeSpan deliveryResumeAfter)
    {
        var next = NotifyDueAt();
        foreach (var delivery in Deliveries.Where(d => d.IsPending))
        {
            var resume = delivery.CreatedAt + deliveryResumeAfter;
            if (next is null || resume < next)
                next = resume;
        }
        return next;
    }

    /// <summary>When the notification the group owes (its first one, or an update) is due, or null when it owes none
    /// (its next notification is at most a repeat, which a member need not wait for).</summary>
    public DateTimeOffset? OwedNotificationDueAt() =>
        NotifyDueAt() is { } due && (!NotifiedThisPeriod || MembersChanged) ? due : null;

    /// <summary>
    /// True when the join or leave of <paramref name="dedupKey"/>'s firing period <paramref name="period"/> is recorded
    /// (or a later one is) and the group owes no notification (a first one, or an update) and has no pending delivery:
    /// whatever the change was going to page has been delivered.
    /// </summary>
    public bool HasSettled(string dedupKey, int period)
    {
        var recorded =
            Members.TryGetValue(dedupKey, out var member) && member.Period >= period
            || LeftPeriods.TryGetValue(dedupKey, out var left) && left >= period;
        return recorded && OwedNotificationDueAt() is null && !HasLiveWork;
    }

    /// <summary>The highest severity among the members (<see cref="Severity.Info"/> when there are none).</summary>
    public Events.Severity Severity => Members.IsEmpty ? Events.Severity.Info : Members.Values.Max(m => m.Severity);
}
