using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Groups;

namespace AlertActors.Host.Api;

/// <summary>One member of a group as the HTTP API shows it.</summary>
public sealed record GroupMemberJson(
    string DedupKey,
    string Summary,
    string Severity,
    string Tenant,
    int FiringPeriod,
    DateTimeOffset FiringSince
);

/// <summary>An alert group as the HTTP API shows it (README "Grouping"); snake_case on the wire.</summary>
/// <param name="GroupKey">The group's key: the PagerDuty dedup_key and OpsGenie alias of its notifications.</param>
/// <param name="Labels">The rule's <c>group.by</c> fields and their values.</param>
/// <param name="Firing">How many members fire (or are acknowledged) now.</param>
/// <param name="NextNotificationAt">When the group next notifies (the end of its wait, its interval or its
/// repeat); null when nothing is planned.</param>
public sealed record GroupJson(
    string GroupKey,
    string Status,
    string? Rule,
    IReadOnlyDictionary<string, string> Labels,
    int Firing,
    int Period,
    DateTimeOffset? FiringSince,
    DateTimeOffset? LastNotifiedAt,
    DateTimeOffset? NextNotificationAt,
    string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt,
    IReadOnlyList<GroupMemberJson>? Members,
    IReadOnlyList<DeliveryJson>? Deliveries,
    IReadOnlyList<TimelineEntry>? Timeline
)
{
    /// <summary>With members, deliveries and timeline (one group).</summary>
    public static GroupJson Full(GroupState state) =>
        Brief(state) with
        {
            Members =
            [
                .. state.Members.Values.Select(m => new GroupMemberJson(
                    m.DedupKey,
                    m.Summary,
                    m.Severity.ToName(),
                    m.Tenant,
                    m.Period,
                    m.FiringSince
                )),
            ],
            Deliveries = [.. state.Deliveries.Select(DeliveryJson.From)],
            Timeline = state.Timeline,
        };

    /// <summary>Without members, deliveries and timeline (a list).</summary>
    public static GroupJson Brief(GroupState state) =>
        new(
            state.GroupKey,
            state.Status.ToName(),
            state.Settings?.Rule,
            (state.Settings?.Labels ?? []).ToDictionary(l => l.Name, l => l.Value),
            state.Members.Count,
            state.Period,
            state.PeriodStartedAt,
            state.LastNotifiedAt,
            state.NotifyDueAt(),
            state.AcknowledgedBy,
            state.ResolvedAt,
            Members: null,
            Deliveries: null,
            Timeline: null
        );
}
