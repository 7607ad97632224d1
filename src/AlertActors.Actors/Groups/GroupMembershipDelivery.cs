using Akka.Actor;
using Akka.Hosting;
using AlertActors.Actors.Delivery;
using AlertActors.Domain;
using AlertActors.Domain.Groups;
using AlertActors.Domain.Notifications;

namespace AlertActors.Actors.Groups;

/// <summary>
/// Delivers a grouped alert's join (trigger) or leave (resolve) to its group: the
/// <see cref="ProviderNames.Group"/> pseudo-provider of <see cref="NotificationDispatcher"/>. The answer is the alert's
/// delivery outcome: delivered once the group has recorded it and delivered what it owes
/// (<see cref="GroupReplies.MembershipRecorded.Settled"/>), else retryable after the group's next notification, so the
/// alert's persisted outbox keeps re-sending it and a group whose node died is brought back by it.
/// </summary>
public static class GroupMembershipDelivery
{
    /// <summary>How long one ask of the group may take before the alert retries it.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A retry no sooner than this after the group's due time (its notification must have gone out).</summary>
    private static readonly TimeSpan AfterDue = TimeSpan.FromSeconds(1);

    public static void Send(DeliveryMessages.Deliver deliver, ActorSystem system, IActorRef replyTo)
    {
        if (deliver.Request.Membership is not { } membership)
        {
            replyTo.Tell(Outcome(deliver, new(DeliveryOutcomeKind.Permanent, "no group membership in the request")));
            return;
        }
        if (!ActorRegistry.For(system).TryGet<GroupRegion>(out var groups))
        {
            replyTo.Tell(Outcome(deliver, new(DeliveryOutcomeKind.Retryable, "the group region is not up yet")));
            return;
        }
        IGroupCommand command =
            deliver.Request.Action == NotificationAction.Resolve
                ? new GroupCommands.Leave(membership.GroupKey, deliver.Request.DedupKey, membership.Period)
                : new GroupCommands.Join(
                    membership.GroupKey,
                    new GroupMember(
                        deliver.Request.DedupKey,
                        membership.Period,
                        deliver.Request.Summary,
                        deliver.Request.Severity,
                        deliver.Request.Type,
                        deliver.Request.Tenant,
                        deliver.Request.Timestamp
                    ),
                    membership.Settings
                );
        var now = system.Scheduler.Now;
        groups
            .Ask<GroupReplies.MembershipRecorded>(command, AskTimeout)
            .ContinueWith(task =>
                Outcome(
                    deliver,
                    task.IsCompletedSuccessfully
                        ? OutcomeOf(task.Result, now)
                        : new(
                            DeliveryOutcomeKind.Retryable,
                            $"group {membership.GroupKey} did not answer: {task.Exception?.GetBaseException().Message}"
                        )
                )
            )
            .PipeTo(replyTo);
    }

    private static DeliveryOutcome OutcomeOf(GroupReplies.MembershipRecorded recorded, DateTimeOffset now) =>
        recorded.Settled
            ? new(DeliveryOutcomeKind.Delivered, $"recorded by group {recorded.GroupKey}")
            : new(
                DeliveryOutcomeKind.Retryable,
                recorded.DueAt is { } owed
                    ? $"recorded by group {recorded.GroupKey}, which notifies at {Rfc3339.Format(owed)}"
                    : $"recorded by group {recorded.GroupKey}, whose notification is being delivered",
                recorded.DueAt switch
                {
                    { } due when due + AfterDue > now => due + AfterDue - now,
                    { } => AfterDue,
                    // The page is out and only its delivery is pending (the provider may be down): the usual backoff.
                    null => null,
                }
            );

    private static DeliveryMessages.Attempted Outcome(DeliveryMessages.Deliver deliver, DeliveryOutcome outcome) =>
        new(deliver.Number, deliver.Provider, outcome);
}
