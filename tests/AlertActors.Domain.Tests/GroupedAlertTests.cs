using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Groups;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>A grouped alert's decisions: it joins and leaves its group through the group pseudo-provider and notifies
/// no provider itself; an ungrouped rule behaves as before.</summary>
public class GroupedAlertTests
{
    private static AlertRule Rule(GroupPolicy group) =>
        new(
            "DiskFull",
            null,
            Severity.Info,
            new FieldTemplate("{subject}"),
            AlertRule.DefaultSummary,
            null,
            BothProviders,
            AlertPolicy.Default,
            AlertRoute.Default
        )
        {
            Group = group,
        };

    private static readonly GroupPolicy BySite = new(["data.site"], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

    private static AlertMatch Match(GroupPolicy group, EventAction action = EventAction.Trigger) =>
        Assert.Single(
            new RuleSet([Rule(group)]).Match(Event(subject: "h1", action: action, dataJson: """{"site":"a"}"""))
        );

    private static (AlertState State, List<OutboxDelivery> Scheduled) Run(AlertState state, Decision decision)
    {
        foreach (var evt in decision.JournalEvents)
            state = state.Apply(evt);
        return (state, [.. decision.JournalEvents.OfType<DeliveryScheduled>().Select(d => d.Delivery)]);
    }

    [Fact]
    public void A_grouped_rule_puts_the_group_on_the_occurrence_and_an_ungrouped_one_does_not()
    {
        var grouped = Match(BySite).Occurrence.Group;

        Assert.Equal("DiskFull:{data.site=\"a\"}", grouped?.Key);
        Assert.Equal<GroupLabel[]>([new GroupLabel("data.site", "a")], grouped!.Settings.Labels.ToArray());
        Assert.Null(Match(GroupPolicy.Ungrouped).Occurrence.Group);
    }

    [Fact]
    public void A_grouped_alert_joins_its_group_acknowledges_silently_and_leaves_on_resolve()
    {
        var match = Match(BySite);
        var state = AlertState.Empty(match.DedupKey);

        (state, var fired) = Run(
            state,
            state.Decide(new AlertCommands.RecordOccurrence(match.DedupKey, match.Occurrence), At(0))
        );
        var join = Assert.Single(fired);
        Assert.Equal((ProviderNames.Group, NotificationAction.Trigger), (join.Provider, join.Request.Action));
        Assert.Equal(
            new GroupMembership("DiskFull:{data.site=\"a\"}", 1, match.Occurrence.Group!.Settings),
            join.Request.Membership
        );

        (state, var acked) = Run(
            state,
            state.Decide(new AlertCommands.Acknowledge(match.DedupKey, "alice", null), At(1))
        );
        Assert.Empty(acked);
        Assert.Equal(AlertStatus.Acknowledged, state.Status);

        (state, var resolved) = Run(
            state,
            state.Decide(new AlertCommands.Resolve(match.DedupKey, "alice", null), At(2))
        );
        var leave = Assert.Single(resolved);
        Assert.Equal((ProviderNames.Group, NotificationAction.Resolve), (leave.Provider, leave.Request.Action));
        Assert.Equal(1, leave.Request.Membership?.Period);
        Assert.Equal("DiskFull:{data.site=\"a\"}", state.GroupKey);
    }

    [Fact]
    public void An_ungrouped_alert_notifies_its_providers_as_before()
    {
        var match = Match(GroupPolicy.Ungrouped);
        var state = AlertState.Empty(match.DedupKey);

        var (after, scheduled) = Run(
            state,
            state.Decide(new AlertCommands.RecordOccurrence(match.DedupKey, match.Occurrence), At(0))
        );

        Assert.Equal(BothProviders, scheduled.Select(d => d.Provider));
        Assert.All(scheduled, d => Assert.Null(d.Request.Membership));
        Assert.Null(after.GroupKey);
    }

    [Fact]
    public void A_leave_does_not_wait_behind_a_join_the_group_has_not_settled_and_its_delivery_settles_both()
    {
        // The group answers a join "recorded, not settled" until its page is out; a member that resolves during the
        // group's wait must reach it now, or a group whose members all resolved during the wait would still page.
        var match = Match(BySite);
        var state = AlertState.Empty(match.DedupKey);
        (state, var fired) = Run(
            state,
            state.Decide(new AlertCommands.RecordOccurrence(match.DedupKey, match.Occurrence), At(0))
        );
        var join = Assert.Single(fired);
        state = state.Apply(new DeliveryAttemptFailed(join.Number, At(1), "recorded by group, not settled"));

        (state, var resolved) = Run(
            state,
            state.Decide(new AlertCommands.Resolve(match.DedupKey, "alice", null), At(2))
        );
        var leave = Assert.Single(resolved);

        Assert.Equal(leave.Number, Assert.Single(state.NextDeliveries()).Number);
        state = state.Apply(new DeliveryCompleted(leave.Number, At(3), DeliveryStatus.Delivered, "recorded by group"));
        Assert.Empty(state.NextDeliveries());
        Assert.DoesNotContain(state.Deliveries, d => d.IsPending);
    }
}
