using System.Collections.Immutable;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Groups;

/// <summary>Marker for every group message that crosses a process boundary (journal or wire).</summary>
public interface IGroupMessage : IAlertMessage;

/// <summary>A message addressed to the group entity of one group key.</summary>
public interface IGroupCommand : IGroupMessage
{
    /// <summary>The group key (<see cref="Groups.GroupKey"/>): the group entity's id.</summary>
    string GroupKey { get; }
}

/// <summary>One <c>by</c> field of a group and its value (e.g. <c>data.site</c> = <c>a</c>).</summary>
public sealed record GroupLabel(string Name, string Value);

/// <summary>What a group is and how it notifies, as the rule says when an alert joins (the latest join wins).</summary>
/// <param name="Rule">The rule whose alerts the group collects.</param>
/// <param name="Labels">The group's <c>by</c> fields and values, in <c>by</c> order.</param>
/// <param name="Providers">The providers the group notifies (the rule's <c>providers</c>).</param>
/// <param name="Policy">The rule's <c>group { wait, interval }</c>.</param>
/// <param name="RepeatInterval">The rule's <c>repeat-interval</c>: re-notify while firing and unacknowledged; zero =
/// never.</param>
public sealed record GroupSettings(
    string Rule,
    ImmutableArray<GroupLabel> Labels,
    ImmutableArray<string> Providers,
    GroupPolicy Policy,
    TimeSpan RepeatInterval
)
{
    /// <summary>Value equality over the arrays' items (ImmutableArray compares by reference).</summary>
    public bool Equals(GroupSettings? other) =>
        other is not null
        && Rule == other.Rule
        && Labels.SequenceEqual(other.Labels)
        && Providers.SequenceEqual(other.Providers)
        && Policy.Equals(other.Policy)
        && RepeatInterval == other.RepeatInterval;

    public override int GetHashCode() => HashCode.Combine(Rule, Labels.Length, Policy, RepeatInterval);
}

/// <summary>One firing alert in a group: which firing period of which alert, and what it says.</summary>
/// <param name="DedupKey">The alert's dedup key.</param>
/// <param name="Period">The alert's firing period (<see cref="AlertState.FiringPeriod"/>): with the dedup key it
/// identifies one join, so a redelivered join or leave changes nothing.</param>
/// <param name="FiringSince">When the alert fired (its receive time).</param>
public sealed record GroupMember(
    string DedupKey,
    int Period,
    string Summary,
    Severity Severity,
    string Type,
    string Tenant,
    DateTimeOffset FiringSince
);

/// <summary>Commands the group entity accepts.</summary>
public static class GroupCommands
{
    /// <summary>A grouped alert fired: it joins the group (at least once; a redelivery changes nothing).</summary>
    public sealed record Join(string GroupKey, GroupMember Member, GroupSettings Settings) : IGroupCommand;

    /// <summary>A grouped alert resolved: it leaves the group (at least once; a redelivery changes nothing).</summary>
    public sealed record Leave(string GroupKey, string DedupKey, int Period) : IGroupCommand;

    /// <summary>Acknowledge the group and, through the entity, each of its members.</summary>
    /// <param name="Origin">The provider the change came from (a webhook), which is not told about it again.</param>
    /// <param name="WebhookEventId">The provider's webhook event id; one already applied is refused.</param>
    public sealed record Acknowledge(
        string GroupKey,
        string By,
        string? Note,
        string? Origin = null,
        string? WebhookEventId = null
    ) : IGroupCommand;

    /// <summary>Put a dead delivery of the group back in its outbox.</summary>
    public sealed record RequeueDelivery(string GroupKey, long DeliveryNumber, string By) : IGroupCommand;

    public sealed record GetGroup(string GroupKey) : IGroupCommand;
}

/// <summary>Replies of the group entity.</summary>
public static class GroupReplies
{
    /// <summary>The join or leave is durably recorded (or was a redelivery of one that is).</summary>
    /// <param name="Settled">Every notification the change owes has been delivered
    /// (<see cref="GroupState.HasSettled"/>): the member may stop re-sending it.</param>
    /// <param name="DueAt">When the notification the group owes is due
    /// (<see cref="GroupState.OwedNotificationDueAt"/>): a member that is not settled asks again just after it; null
    /// when the group owes none and only its deliveries are pending: the member asks again after its usual retry
    /// backoff.</param>
    public sealed record MembershipRecorded(
        string GroupKey,
        string DedupKey,
        int Period,
        bool Settled,
        DateTimeOffset? DueAt
    ) : IGroupMessage;

    /// <summary>The group as it is now (after the command, if any).</summary>
    public sealed record GroupView(GroupState State, long SequenceNr = 0) : IGroupMessage;

    public sealed record Rejected(string GroupKey, RejectionReason Reason, string Message) : IGroupMessage;
}
