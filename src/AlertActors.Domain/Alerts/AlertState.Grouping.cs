using AlertActors.Domain.Groups;
using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// A grouped alert (its rule has a real <c>group.by</c>, README "Grouping") notifies no provider itself: its trigger
/// and resolve notifications become deliveries to the <see cref="ProviderNames.Group"/> pseudo-provider, which carry
/// its join and leave (<see cref="GroupMembership"/>) to its group; the group notifies the providers.
/// </summary>
public sealed partial record AlertState
{
    /// <summary>The group of the alert's latest trigger occurrence; null when its rule does not group.</summary>
    public GroupRef? Group { get; init; }

    /// <summary>The group key the alert's current firing period joined (the pinned group target), else its
    /// group's key.</summary>
    public string? GroupKey => RoutingTargets.Find(t => t.Provider == ProviderNames.Group)?.Target ?? Group?.Key;

    /// <summary>Which actions reach the group pseudo-provider: a trigger joins, a resolve leaves; the group is
    /// acknowledged as a whole.</summary>
    internal static bool ReachesGroup(NotificationAction action) =>
        action is NotificationAction.Trigger or NotificationAction.Resolve;

    /// <summary>The request to the group pseudo-provider: the join or leave of this firing period.</summary>
    internal NotificationRequest ForGroup(NotificationRequest request, string groupKey) =>
        request with
        {
            Target = groupKey,
            Membership = new GroupMembership(
                groupKey,
                FiringPeriod,
                Group?.Settings ?? new GroupSettings(Rule, [], Providers, GroupPolicy.Ungrouped, Policy.RepeatInterval)
            ),
        };

    /// <summary>
    /// The group pseudo-provider takes only the alert's latest membership change (<see cref="NextDeliveries"/>): a
    /// leave does not wait behind a join the group has recorded but not yet paged (it answers "settled" only once its
    /// page is out), so members that resolve during the group's wait reach it in time. Once that latest change is
    /// delivered, the earlier pending ones are settled with it: the group has everything they carried (a later join or
    /// leave of a period stands for the earlier ones; a join that arrives after its leave changes nothing).
    /// </summary>
    internal AlertState SettleSupersededGroupDeliveries(AlertJournalEvents.DeliveryCompleted completed)
    {
        if (
            completed.Status != DeliveryStatus.Delivered
            || Deliveries.Find(d => d.Number == completed.DeliveryNumber)?.Provider != ProviderNames.Group
        )
            return this;
        return this with
        {
            Deliveries = Deliveries.ConvertAll(d =>
                d.IsPending && d.Provider == ProviderNames.Group && d.Number < completed.DeliveryNumber
                    ? d with
                    {
                        Status = DeliveryStatus.Delivered,
                        CompletedAt = completed.At,
                        Detail = $"superseded by group delivery {completed.DeliveryNumber}",
                    }
                    : d
            ),
        };
    }
}
