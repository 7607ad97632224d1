using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Groups;

/// <summary>Events the group entity persists. Each carries its own time, so replay is deterministic.</summary>
public interface IGroupJournalEvent : IGroupMessage;

public static class GroupJournalEvents
{
    /// <summary>An alert joined; a join to a group with no members opens a new firing period of the group.</summary>
    public sealed record MemberJoined(GroupMember Member, GroupSettings Settings, DateTimeOffset At)
        : IGroupJournalEvent;

    /// <summary>An alert's firing period <paramref name="Period"/> ended (it resolved).</summary>
    public sealed record MemberLeft(string DedupKey, int Period, DateTimeOffset At) : IGroupJournalEvent;

    /// <summary>A trigger notification round went out, listing <paramref name="Firing"/> members.</summary>
    public sealed record Notified(DateTimeOffset At, string Reason, int Firing) : IGroupJournalEvent;

    public sealed record Acknowledged(DateTimeOffset At, string By, string? Note, string? WebhookEventId = null)
        : IGroupJournalEvent;

    /// <summary>The last member left: the group's firing period ended.</summary>
    public sealed record Resolved(DateTimeOffset At) : IGroupJournalEvent;

    public sealed record DeliveryScheduled(OutboxDelivery Delivery) : IGroupJournalEvent;

    public sealed record DeliveryAttemptFailed(long DeliveryNumber, DateTimeOffset At, string Error)
        : IGroupJournalEvent;

    public sealed record DeliveryRequeued(long DeliveryNumber, DateTimeOffset At, string By) : IGroupJournalEvent;

    public sealed record DeliveryCompleted(
        long DeliveryNumber,
        DateTimeOffset At,
        DeliveryStatus Status,
        string? Detail
    ) : IGroupJournalEvent;
}

/// <summary>What a group command comes to: the events to persist, or why it was refused.</summary>
public sealed record GroupDecision(
    IReadOnlyList<IGroupJournalEvent> JournalEvents,
    GroupReplies.Rejected? Rejection = null
)
{
    public static readonly GroupDecision Nothing = new([]);

    public static GroupDecision Reject(string groupKey, RejectionReason reason, string message) =>
        new([], new GroupReplies.Rejected(groupKey, reason, message));
}
