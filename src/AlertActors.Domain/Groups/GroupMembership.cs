namespace AlertActors.Domain.Groups;

/// <summary>The group an alert belongs to: its key and what the rule says about it (computed when an event matches a
/// rule with a real <c>group.by</c>).</summary>
public sealed record GroupRef(string Key, GroupSettings Settings);

/// <summary>
/// A grouped alert's join (a trigger) or leave (a resolve) as the alert's outbox records it: a delivery to the
/// <see cref="Notifications.ProviderNames.Group"/> pseudo-provider carries it, so the alert tells its group at least
/// once, in lifecycle order, and again after a crash (the group ignores what it has already recorded).
/// </summary>
/// <param name="Period">The alert's firing period: with its dedup key, the identity of the join.</param>
public sealed record GroupMembership(string GroupKey, int Period, GroupSettings Settings);
