using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Groups;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Groups.GroupJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>The group's decisions in virtual time: wait, interval, repeat, resolve, acknowledge,
/// redeliveries.</summary>
public class GroupStateTests
{
    private const string Key = "DiskFull:{data.site=\"a\"}";

    private static readonly GroupSettings Settings = new(
        "DiskFull",
        [new GroupLabel("data.site", "a")],
        BothProviders,
        new GroupPolicy(["data.site"], TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5)),
        TimeSpan.FromHours(4)
    );

    private GroupState _state = GroupState.Empty(Key);

    private static DateTimeOffset Sec(double seconds) => T0.AddSeconds(seconds);

    /// <summary>A member that fired at <paramref name="firingSince"/> (when its join arrives, unless a test says
    /// otherwise).</summary>
    private static GroupMember Member(
        string key,
        DateTimeOffset firingSince,
        int period = 1,
        Severity severity = Severity.High
    ) => new(key, period, $"disk full on {key}", severity, "DiskFull", "acme", firingSince);

    private GroupDecision Run(GroupDecision decision)
    {
        foreach (var evt in decision.JournalEvents)
            _state = _state.Apply(evt);
        return decision;
    }

    private GroupDecision Join(
        string key,
        DateTimeOffset at,
        int period = 1,
        Severity severity = Severity.High,
        DateTimeOffset? firingSince = null
    ) =>
        Run(_state.Decide(new GroupCommands.Join(Key, Member(key, firingSince ?? at, period, severity), Settings), at));

    private GroupDecision Leave(string key, DateTimeOffset at, int period = 1) =>
        Run(_state.Decide(new GroupCommands.Leave(Key, key, period), at));

    /// <summary>Advances virtual time second by second to <paramref name="until"/>, firing the timer when due, as the
    /// entity does; returns every delivery scheduled on the way.</summary>
    private List<OutboxDelivery> AdvanceTo(DateTimeOffset until)
    {
        var scheduled = new List<OutboxDelivery>();
        while (_state.NotifyDueAt() is { } due && due <= until)
            scheduled.AddRange(
                Run(_state.DecideNotify(due)).JournalEvents.OfType<DeliveryScheduled>().Select(d => d.Delivery)
            );
        return scheduled;
    }

    [Fact]
    public void A_burst_waits_for_wait_then_one_trigger_per_provider_lists_every_member()
    {
        for (var i = 0; i < 12; i++)
            Assert.Empty(Join($"disk-{i:00}", Sec(i)).JournalEvents.OfType<DeliveryScheduled>());

        Assert.Equal(Sec(30), _state.NotifyDueAt());
        Assert.Empty(AdvanceTo(Sec(29)));
        var sent = AdvanceTo(Sec(30));

        Assert.Equal([ProviderNames.PagerDuty, ProviderNames.OpsGenie], sent.Select(d => d.Provider));
        var request = sent[0].Request;
        Assert.Equal(Key, request.DedupKey);
        Assert.Equal(NotificationAction.Trigger, request.Action);
        Assert.Equal("12 alerts firing: DiskFull on site a", request.Summary);
        var details = request.Details!.Value;
        Assert.Equal(12, details.GetProperty("firing").GetInt32());
        Assert.Contains("disk-00 [high]: disk full on disk-00", details.GetProperty("members").GetString());
        Assert.Contains("disk-11", details.GetProperty("members").GetString());
        Assert.False(details.TryGetProperty("not_listed", out _));
        Assert.Equal(Sec(30) + TimeSpan.FromHours(4), _state.NotifyDueAt());
    }

    [Fact]
    public void The_wait_counts_from_when_the_first_member_fired_not_from_when_its_join_arrived()
    {
        // The join reached the group 4 s after its alert fired (a busy node, or a redelivery after a crash): the page
        // still goes out `wait` after the outage began, as Alertmanager's group_wait counts from the first alert.
        Join("a", Sec(4), firingSince: Sec(0));
        Join("b", Sec(5), firingSince: Sec(1));

        Assert.Equal(Sec(30), _state.NotifyDueAt());
        Assert.Equal(2, AdvanceTo(Sec(30)).Count);
    }

    [Fact]
    public void A_join_redelivered_long_after_its_alert_fired_pages_at_once()
    {
        Join("a", Sec(100), firingSince: Sec(0));

        Assert.Equal(Sec(30), _state.NotifyDueAt());
        Assert.Equal(2, AdvanceTo(Sec(100)).Count);
    }

    [Fact]
    public void Once_the_first_page_is_scheduled_a_member_is_owed_nothing_more_than_its_delivery()
    {
        Join("a", Sec(0));
        Assert.Equal(Sec(30), _state.OwedNotificationDueAt());
        Assert.False(_state.HasSettled("a", 1));

        AdvanceTo(Sec(30));

        // The next notification is a repeat 4 h away: a member must not be told to wait for it (it would keep its
        // join pending for hours); it waits only for the page's delivery.
        Assert.Equal(Sec(30) + TimeSpan.FromHours(4), _state.NotifyDueAt());
        Assert.Null(_state.OwedNotificationDueAt());
        Assert.False(_state.HasSettled("a", 1));
    }

    [Fact]
    public void Changes_after_the_first_notification_go_out_at_most_every_interval()
    {
        Join("a", Sec(0));
        AdvanceTo(Sec(30));
        Join("b", Sec(40));
        Join("c", Sec(50));

        Assert.Equal(Sec(30) + TimeSpan.FromMinutes(5), _state.NotifyDueAt());
        Assert.Empty(AdvanceTo(Sec(329)));
        var update = AdvanceTo(Sec(330));

        Assert.Equal(2, update.Count);
        Assert.Equal("3 alerts firing: DiskFull on site a", update[0].Request.Summary);
        Assert.Equal(Sec(330) + TimeSpan.FromHours(4), _state.NotifyDueAt());
    }

    [Fact]
    public void A_firing_unacknowledged_group_repeats_and_an_acknowledged_one_does_not()
    {
        Join("a", Sec(0));
        AdvanceTo(Sec(30));

        var repeat = AdvanceTo(Sec(30) + TimeSpan.FromHours(4));
        Assert.Equal(2, repeat.Count);
        Assert.Equal("notified (repeat): 1 firing", _state.Timeline[^1].Change);

        Run(_state.Decide(new GroupCommands.Acknowledge(Key, "alice", null), Sec(20_000)));
        Assert.Null(_state.NotifyDueAt());
    }

    [Fact]
    public void The_last_member_leaving_resolves_the_group_at_its_providers()
    {
        Join("a", Sec(0));
        Join("b", Sec(1));
        AdvanceTo(Sec(30));

        Assert.Empty(Leave("a", Sec(60)).JournalEvents.OfType<DeliveryScheduled>());
        Assert.Equal(AlertStatus.Firing, _state.Status);
        var resolved = Leave("b", Sec(61));

        Assert.Equal(AlertStatus.Resolved, _state.Status);
        var deliveries = resolved.JournalEvents.OfType<DeliveryScheduled>().Select(d => d.Delivery).ToList();
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(NotificationAction.Resolve, d.Request.Action));
        Assert.Equal("resolved: DiskFull on site a", deliveries[0].Request.Summary);
        Assert.Null(_state.NotifyDueAt());
    }

    [Fact]
    public void A_group_whose_members_all_resolve_during_the_wait_pages_nobody()
    {
        Join("a", Sec(0));
        Leave("a", Sec(10));

        Assert.Equal(AlertStatus.Resolved, _state.Status);
        Assert.Empty(AdvanceTo(Sec(1000)));
        Assert.Empty(_state.Deliveries);
    }

    [Fact]
    public void A_join_after_resolve_opens_a_new_period_that_waits_again()
    {
        Join("a", Sec(0));
        AdvanceTo(Sec(30));
        Leave("a", Sec(40));
        Join("a", Sec(100), period: 2);

        Assert.Equal(2, _state.Period);
        Assert.Equal(AlertStatus.Firing, _state.Status);
        Assert.Equal(Sec(130), _state.NotifyDueAt());
    }

    [Fact]
    public void Redelivered_joins_and_leaves_change_nothing()
    {
        Join("a", Sec(0));
        Join("b", Sec(0));
        Assert.Empty(Join("a", Sec(5)).JournalEvents);

        Leave("a", Sec(10));
        Assert.Empty(Leave("a", Sec(11)).JournalEvents);
        Assert.Empty(Join("a", Sec(12)).JournalEvents);
        Assert.Equal(["b"], _state.Members.Keys);
    }

    [Fact]
    public void Acknowledging_tells_the_providers_it_notified_except_the_one_the_ack_came_from()
    {
        Join("a", Sec(0));
        AdvanceTo(Sec(30));

        var ack = Run(
            _state.Decide(
                new GroupCommands.Acknowledge(Key, "bob", "on it", ProviderNames.PagerDuty, "pagerduty:e1"),
                Sec(40)
            )
        );

        Assert.Equal(AlertStatus.Acknowledged, _state.Status);
        var delivery = Assert.Single(ack.JournalEvents.OfType<DeliveryScheduled>()).Delivery;
        Assert.Equal(ProviderNames.OpsGenie, delivery.Provider);
        Assert.Equal(NotificationAction.Acknowledge, delivery.Request.Action);
        Assert.Empty(
            _state
                .Decide(new GroupCommands.Acknowledge(Key, "bob", null, WebhookEventId: "pagerduty:e1"), Sec(41))
                .JournalEvents
        );
    }

    [Fact]
    public void An_unknown_group_cannot_be_acknowledged()
    {
        var decision = _state.Decide(new GroupCommands.Acknowledge(Key, "bob", null), Sec(0));

        Assert.Equal(RejectionReason.NotFound, decision.Rejection?.Reason);
    }

    [Fact]
    public void The_member_list_stops_at_its_budget_and_counts_the_rest()
    {
        for (var i = 0; i < 1000; i++)
            Join($"disk-{i:0000}", Sec(0));

        var request = AdvanceTo(Sec(30))[0].Request;

        var details = request.Details!.Value;
        var listed = details.GetProperty("members").GetString()!;
        Assert.True(listed.Length <= GroupNotification.MembersTextBudget);
        Assert.Equal(1000, listed.Split('\n').Length + details.GetProperty("not_listed").GetInt32());
        Assert.Equal("1000 alerts firing: DiskFull on site a", request.Summary);
    }

    [Fact]
    public void Replaying_the_journal_gives_the_same_state_and_timer()
    {
        var journal = new List<IGroupJournalEvent>();
        void Record(GroupDecision d) => journal.AddRange(d.JournalEvents);
        Record(Join("a", Sec(0)));
        Record(Join("b", Sec(3), severity: Severity.Critical));
        foreach (var d in new[] { _state.DecideNotify(Sec(30)) })
            Record(Run(d));
        Record(Leave("a", Sec(50)));

        var replayed = journal.Aggregate(GroupState.Empty(Key), (s, e) => s.Apply(e));

        Assert.Equal(_state.NotifyDueAt(), replayed.NotifyDueAt());
        Assert.Equal(_state.Members.Keys, replayed.Members.Keys);
        Assert.Equal(Severity.Critical, replayed.Severity);
        Assert.Equal(_state.Deliveries.Count, replayed.Deliveries.Count);
    }
}
