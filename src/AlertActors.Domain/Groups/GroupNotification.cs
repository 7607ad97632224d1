using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Groups;

/// <summary>
/// What a group's notification says (one PagerDuty incident with dedup_key = the group key, one OpsGenie alert with
/// alias = the group key): a summary such as <c>12 alerts firing: DiskFull on site a</c>, and details listing the
/// members (one line each, <c>dedup key [severity]: summary</c>) up to <see cref="MembersTextBudget"/> characters,
/// with the count of the rest in <c>not_listed</c>.
/// </summary>
public static class GroupNotification
{
    /// <summary>The source every group notification names.</summary>
    public const string Source = "alertactors/group";

    /// <summary>
    /// Characters of the member list: below OpsGenie's 8,000-character details budget (keys plus values), so the
    /// list survives whole beside the other details; PagerDuty's custom_details (512 KB per event) hold it
    /// easily.
    /// </summary>
    public const int MembersTextBudget = 6000;

    /// <summary>The notification of <paramref name="state"/> for <paramref name="action"/>, at
    /// <paramref name="now"/>.</summary>
    public static NotificationRequest Request(
        GroupState state,
        NotificationAction action,
        DateTimeOffset now,
        string? by,
        string? note
    )
    {
        var members = state.Members.Values.ToList();
        var what = WhatOf(state);
        return new NotificationRequest(
            state.GroupKey,
            action,
            SummaryOf(state, action),
            state.Severity,
            Source,
            what,
            Subject: SubjectOf(state),
            Tenant: members.Select(m => m.Tenant).Distinct().Count() == 1
                ? members[0].Tenant
                : InfraEvent.DefaultTenant,
            now,
            DetailsOf(state),
            state.Settings?.Rule ?? "",
            by,
            note
        );
    }

    /// <summary><c>N alert(s) firing: What on label value, ...</c>; <c>resolved: What on ...</c> once the last member
    /// left.</summary>
    public static string SummaryOf(GroupState state, NotificationAction action)
    {
        var subject = SubjectOf(state) is { Length: > 0 } on ? $"{WhatOf(state)} on {on}" : WhatOf(state);
        if (action == NotificationAction.Resolve || state.Members.IsEmpty)
            return $"resolved: {subject}";
        var count = state.Members.Count;
        return $"{count} {(count == 1 ? "alert" : "alerts")} firing: {subject}";
    }

    /// <summary>The members' common type (e.g. the Alertmanager alertname), else the rule's name.</summary>
    private static string WhatOf(GroupState state)
    {
        var types = state.Members.Values.Select(m => m.Type).Distinct().ToList();
        return types.Count == 1 ? types[0] : state.Settings?.Rule ?? state.GroupKey;
    }

    /// <summary>The group's labels that have a value, each as its last name segment and its value
    /// (<c>site a, tenant acme</c>); the type is left out when it is already the subject's head.</summary>
    private static string SubjectOf(GroupState state) =>
        string.Join(
            ", ",
            (state.Settings?.Labels ?? [])
                .Where(l => l.Value.Length > 0 && l.Name is not ("type" or GroupKey.AlertNameLabel))
                .Select(l => $"{l.Name[(l.Name.LastIndexOf('.') + 1)..]} {l.Value}")
        );

    private static JsonElement DetailsOf(GroupState state)
    {
        var text = new StringBuilder();
        var listed = 0;
        foreach (var m in state.Members.Values)
        {
            var line = $"{m.DedupKey} [{m.Severity.ToName()}]: {m.Summary}";
            if (text.Length + line.Length + 1 > MembersTextBudget)
                break;
            text.Append(line).Append('\n');
            listed++;
        }
        var labels = new JsonObject();
        foreach (var label in state.Settings?.Labels ?? [])
            labels[label.Name] = label.Value;
        var details = new JsonObject
        {
            ["group"] = state.GroupKey,
            ["rule"] = state.Settings?.Rule,
            ["labels"] = labels,
            ["firing"] = state.Members.Count,
            ["members"] = text.ToString().TrimEnd('\n'),
        };
        if (state.Members.Count > listed)
            details["not_listed"] = state.Members.Count - listed;
        return JsonSerializer.SerializeToElement(details);
    }
}
