using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Groups;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Groups.GroupJournalEvents;

namespace AlertActors.Actors.Tests;

/// <summary>One instance of every group message type (journal events, state, commands, replies), for the manifest
/// round-trip test and the group entity specs.</summary>
internal static class GroupSamples
{
    public const string Key = "DiskFull:{data.site=\"a\"}";

    public static readonly GroupSettings Settings = new(
        "DiskFull",
        [new GroupLabel("data.site", "a")],
        [ProviderNames.PagerDuty, ProviderNames.OpsGenie],
        new GroupPolicy(["data.site"], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)),
        TimeSpan.FromHours(4)
    );

    public static GroupMember Member(string dedupKey, DateTimeOffset at, int period = 1) =>
        new(dedupKey, period, $"disk full on {dedupKey}", Severity.High, "DiskFull", "acme", at);

    public static IEnumerable<object> All(DateTimeOffset t0)
    {
        var joined = new MemberJoined(Member("h1", t0), Settings, t0);
        var notified = new Notified(t0.AddSeconds(30), "first", 1);
        var state = GroupState.Empty(Key).Apply(joined).Apply(notified);
        var request = GroupNotification.Request(state, NotificationAction.Trigger, t0, null, null);
        var scheduled = new DeliveryScheduled(new OutboxDelivery(1, ProviderNames.PagerDuty, request, t0));
        state = state.Apply(scheduled);
        yield return joined;
        yield return new MemberLeft("h1", 1, t0);
        yield return notified;
        yield return new Acknowledged(t0, "alice", "on it", "pagerduty:e1");
        yield return new Resolved(t0);
        yield return scheduled;
        yield return new DeliveryAttemptFailed(1, t0, "HTTP 503");
        yield return new DeliveryRequeued(1, t0, "carol");
        yield return new DeliveryCompleted(1, t0, DeliveryStatus.Delivered, "HTTP 202");
        yield return state;
        yield return new GroupCommands.Join(Key, Member("h1", t0), Settings);
        yield return new GroupCommands.Leave(Key, "h1", 1);
        yield return new GroupCommands.Acknowledge(Key, "alice", null, ProviderNames.OpsGenie, "opsgenie:e2");
        yield return new GroupCommands.RequeueDelivery(Key, 1, "carol");
        yield return new GroupCommands.GetGroup(Key);
        yield return new GroupReplies.MembershipRecorded(Key, "h1", 1, false, t0.AddSeconds(30));
        yield return new GroupReplies.GroupView(state, 3);
        yield return new GroupReplies.Rejected(Key, RejectionReason.NotFound, "no group");
    }
}
