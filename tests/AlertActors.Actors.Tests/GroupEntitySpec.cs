using Akka.Actor;
using Akka.TestKit;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Groups;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Groups;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The group entity on a real SQLite journal in virtual time, with probes for the notification dispatcher and the
/// alert region: it waits, notifies once per provider, survives a restart during the wait, acknowledges its members
/// and resolves with its last member; and a grouped alert tells its group instead of the providers.
/// </summary>
public sealed class GroupEntitySpec : SqliteJournalSpec
{
    private static readonly TimeSpan NoMessage = TimeSpan.FromMilliseconds(300);
    private readonly TestProbe _dispatcher;
    private readonly TestProbe _alerts;
    private readonly AlertEntitySettings _settings = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromMinutes(1),
    };

    public GroupEntitySpec()
    {
        _dispatcher = CreateTestProbe("dispatcher");
        _alerts = CreateTestProbe("alerts");
    }

    private IActorRef StartGroup() =>
        Sys.ActorOf(GroupEntity.Props(GroupSamples.Key, _dispatcher.Ref, () => _alerts.Ref, _settings));

    private GroupReplies.MembershipRecorded Join(IActorRef group, string member)
    {
        group.Tell(
            new GroupCommands.Join(
                GroupSamples.Key,
                GroupSamples.Member(member, Sys.Scheduler.Now),
                GroupSamples.Settings
            )
        );
        return ExpectMsg<GroupReplies.MembershipRecorded>();
    }

    private void Confirm(IActorRef group, Deliver delivery) =>
        group.Tell(
            new Attempted(delivery.Number, delivery.Provider, new DeliveryOutcome(DeliveryOutcomeKind.Delivered)),
            _dispatcher.Ref
        );

    private List<Deliver> ReceiveAndConfirm(IActorRef group, int count)
    {
        var sent = _dispatcher.ReceiveN(count).Cast<Deliver>().OrderBy(d => d.Number).ToList();
        sent.ForEach(d => Confirm(group, d));
        return sent;
    }

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    [Fact]
    public void A_burst_is_notified_once_per_provider_after_the_wait_and_members_settle_only_then()
    {
        var group = StartGroup();
        var start = Sys.Scheduler.Now;

        foreach (var member in new[] { "h1", "h2", "h3" })
        {
            var recorded = Join(group, member);
            Assert.False(recorded.Settled);
            Assert.Equal(start + TimeSpan.FromSeconds(30), recorded.DueAt);
        }
        Scheduler.Advance(TimeSpan.FromSeconds(29));
        _dispatcher.ExpectNoMsg(NoMessage);
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        var sent = ReceiveAndConfirm(group, 2);

        Assert.Equal([ProviderNames.PagerDuty, ProviderNames.OpsGenie], sent.Select(d => d.Provider));
        Assert.All(sent, d => Assert.Equal(GroupSamples.Key, d.Request.DedupKey));
        Assert.Equal("3 alerts firing: DiskFull on site a", sent[0].Request.Summary);
        Assert.True(Join(group, "h1").Settled);
        _dispatcher.ExpectNoMsg(NoMessage);
    }

    [Fact]
    public void A_restart_during_the_wait_loses_no_notification_and_sends_none_twice()
    {
        var group = StartGroup();
        Join(group, "h1");
        Join(group, "h2");
        Scheduler.Advance(TimeSpan.FromSeconds(10));
        Stop(group);

        // A member's outbox re-sends its join, which brings the group back with its timer re-armed from the journal.
        var restarted = StartGroup();
        Assert.False(Join(restarted, "h1").Settled);
        Scheduler.Advance(TimeSpan.FromSeconds(19));
        _dispatcher.ExpectNoMsg(NoMessage);
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        var sent = ReceiveAndConfirm(restarted, 2);

        Assert.Equal("2 alerts firing: DiskFull on site a", sent[0].Request.Summary);
        Scheduler.Advance(TimeSpan.FromMinutes(10));
        _dispatcher.ExpectNoMsg(NoMessage);
    }

    [Fact]
    public void A_restart_after_scheduling_resends_the_pending_call_once()
    {
        var group = StartGroup();
        Join(group, "h1");
        Scheduler.Advance(TimeSpan.FromSeconds(30));
        var first = _dispatcher.ReceiveN(2).Cast<Deliver>().ToList();
        Stop(group);

        var restarted = StartGroup();
        Assert.False(Join(restarted, "h1").Settled);
        var again = ReceiveAndConfirm(restarted, 2);

        Assert.Equal(first.Select(d => d.Number).Order(), again.Select(d => d.Number));
        Assert.True(Join(restarted, "h1").Settled);
        _dispatcher.ExpectNoMsg(NoMessage);
    }

    [Fact]
    public void Acknowledging_the_group_acknowledges_every_member_and_tells_the_providers()
    {
        var group = StartGroup();
        Join(group, "h1");
        Join(group, "h2");
        Scheduler.Advance(TimeSpan.FromSeconds(30));
        ReceiveAndConfirm(group, 2);

        group.Tell(new GroupCommands.Acknowledge(GroupSamples.Key, "alice", "on it"));

        Assert.Equal(AlertStatus.Acknowledged, ExpectMsg<GroupReplies.GroupView>().State.Status);
        var acks = _alerts.ReceiveN(2).Cast<AlertCommands.Acknowledge>().ToList();
        Assert.Equal(["h1", "h2"], acks.Select(a => a.DedupKey).Order());
        Assert.All(acks, a => Assert.Equal("alice", a.By));
        var told = ReceiveAndConfirm(group, 2);
        Assert.All(told, d => Assert.Equal(NotificationAction.Acknowledge, d.Request.Action));
    }

    [Fact]
    public void A_member_that_joins_an_acknowledged_group_is_acknowledged_too()
    {
        var group = StartGroup();
        Join(group, "h1");
        Scheduler.Advance(TimeSpan.FromSeconds(30));
        ReceiveAndConfirm(group, 2);
        group.Tell(new GroupCommands.Acknowledge(GroupSamples.Key, "alice", "on it"));
        ExpectMsg<GroupReplies.GroupView>();
        _alerts.ExpectMsg<AlertCommands.Acknowledge>();

        Join(group, "h2");

        var ack = _alerts.ExpectMsg<AlertCommands.Acknowledge>();
        Assert.Equal(("h2", "alice"), (ack.DedupKey, ack.By));
        Join(group, "h2"); // a redelivered join acknowledges nobody again
        _alerts.ExpectNoMsg(NoMessage);
    }

    [Fact]
    public void The_last_member_leaving_resolves_the_group_at_its_providers()
    {
        var group = StartGroup();
        Join(group, "h1");
        Join(group, "h2");
        Scheduler.Advance(TimeSpan.FromSeconds(30));
        ReceiveAndConfirm(group, 2);

        group.Tell(new GroupCommands.Leave(GroupSamples.Key, "h1", 1));
        Assert.False(ExpectMsg<GroupReplies.MembershipRecorded>().Settled);
        group.Tell(new GroupCommands.Leave(GroupSamples.Key, "h2", 1));
        ExpectMsg<GroupReplies.MembershipRecorded>();
        var resolves = ReceiveAndConfirm(group, 2);

        Assert.All(resolves, d => Assert.Equal(NotificationAction.Resolve, d.Request.Action));
        group.Tell(new GroupCommands.Leave(GroupSamples.Key, "h1", 1));
        Assert.True(ExpectMsg<GroupReplies.MembershipRecorded>().Settled);
        group.Tell(new GroupCommands.GetGroup(GroupSamples.Key));
        Assert.Equal(AlertStatus.Resolved, ExpectMsg<GroupReplies.GroupView>().State.Status);
    }

    [Fact]
    public void A_grouped_alert_joins_its_group_instead_of_notifying_the_providers_and_leaves_it_on_resolve()
    {
        var rule = new AlertRule(
            "DiskFull",
            null,
            Severity.Info,
            new FieldTemplate("{subject}"),
            AlertRule.DefaultSummary,
            null,
            [ProviderNames.PagerDuty, ProviderNames.OpsGenie],
            AlertPolicy.Default,
            AlertRoute.Default
        )
        {
            Group = GroupSamples.Settings.Policy,
        };
        var evt = new InfraEvent(
            "e1",
            "disk-watcher",
            "DiskFull",
            Sys.Scheduler.Now,
            "h1",
            Severity.High,
            "acme",
            EventAction.Trigger,
            "disk full",
            System.Text.Json.JsonDocument.Parse("""{"site":"a"}""").RootElement.Clone()
        );
        var match = Assert.Single(new RuleSet([rule]).Match(evt));
        var alert = Sys.ActorOf(AlertEntity.Props(match.DedupKey, _dispatcher.Ref, _settings, NoSilences.Instance));

        alert.Tell(new AlertCommands.RecordOccurrence(match.DedupKey, match.Occurrence));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        var join = _dispatcher.ExpectMsg<Deliver>();

        Assert.Equal(ProviderNames.Group, join.Provider);
        Assert.Equal(GroupSamples.Key, join.Request.Membership?.GroupKey);
        Assert.Equal(1, join.Request.Membership?.Period);
        _dispatcher.ExpectNoMsg(NoMessage);
        alert.Tell(new Attempted(join.Number, join.Provider, new DeliveryOutcome(DeliveryOutcomeKind.Delivered)));

        alert.Tell(new AlertCommands.Acknowledge(match.DedupKey, "alice", null));
        ExpectMsg<AlertReplies.AlertView>();
        _dispatcher.ExpectNoMsg(NoMessage);
        alert.Tell(new AlertCommands.Resolve(match.DedupKey, "alice", null));
        var state = ExpectMsg<AlertReplies.AlertView>().State;
        var leave = _dispatcher.ExpectMsg<Deliver>();

        Assert.Equal(GroupSamples.Key, state.GroupKey);
        Assert.Equal((ProviderNames.Group, NotificationAction.Resolve), (leave.Provider, leave.Request.Action));
        Assert.Equal(GroupSamples.Key, leave.Request.Membership?.GroupKey);
    }
}
