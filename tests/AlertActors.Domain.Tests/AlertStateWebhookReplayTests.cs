using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>
/// Changes that arrive by provider webhook: one whose event id was already applied, or that happened before the alert's
/// current period began, changes nothing; genuine ones still apply; old journals without the new members still replay.
/// </summary>
public class AlertStateWebhookReplayTests
{
    private const string Key = "acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff";
    private readonly AlertHarness _alert = new(Key);

    /// <summary>Who and what a PagerDuty webhook's change names.</summary>
    private const string By = "pd-user",
        Via = "via PagerDuty",
        Origin = ProviderNames.PagerDuty;

    private Decision ResolveByWebhook(string id, DateTimeOffset occurredAt, DateTimeOffset now) =>
        _alert.Commit(_alert.State.Decide(new AlertCommands.Resolve(Key, By, Via, Origin, id, occurredAt), now));

    private Decision AcknowledgeByWebhook(string id, DateTimeOffset occurredAt, DateTimeOffset now) =>
        _alert.Commit(_alert.State.Decide(new AlertCommands.Acknowledge(Key, By, Via, Origin, id, occurredAt), now));

    [Fact]
    public void A_replayed_resolve_does_not_close_the_next_firing_period()
    {
        _alert.Record(Trigger("e1"), At(0));
        Assert.Single(
            ResolveByWebhook("pagerduty:W1", occurredAt: At(5), now: At(5)).JournalEvents,
            e => e is Resolved { WebhookEventId: "pagerduty:W1" }
        );
        _alert.Record(Trigger("e2"), At(60));
        Assert.Equal(
            (AlertStatus.Firing, 2, At(60)),
            (_alert.State.Status, _alert.State.FiringPeriod, _alert.State.PeriodStartedAt)
        );

        var replay = ResolveByWebhook("pagerduty:W1", occurredAt: At(5), now: At(61));

        Assert.Empty(replay.JournalEvents);
        Assert.Equal(RejectionReason.Conflict, replay.Rejection!.Reason);
        Assert.Equal($"webhook event pagerduty:W1 was already applied to alert {Key}", replay.Rejection.Message);
        Assert.Equal(AlertStatus.Firing, _alert.State.Status);
        Assert.Equal("firing", _alert.State.Timeline[^1].Change);
    }

    [Fact]
    public void A_change_that_happened_before_the_current_period_began_is_refused_whatever_its_id()
    {
        _alert.Record(Trigger("e1"), At(0));
        ResolveByWebhook("pagerduty:W1", occurredAt: At(5), now: At(5));
        _alert.Record(Trigger("e2"), At(60));

        foreach (
            var decision in new[]
            {
                ResolveByWebhook("pagerduty:W-unknown", occurredAt: At(59), now: At(61)),
                AcknowledgeByWebhook("pagerduty:W-other", occurredAt: At(30), now: At(61)),
            }
        )
        {
            Assert.Empty(decision.JournalEvents);
            Assert.Equal(RejectionReason.Conflict, decision.Rejection!.Reason);
            Assert.StartsWith("the pagerduty change happened at ", decision.Rejection.Message);
        }
        Assert.Equal(AlertStatus.Firing, _alert.State.Status);

        // The current period's own changes apply, and their ids are remembered.
        Assert.Single(
            AcknowledgeByWebhook("pagerduty:W2", occurredAt: At(62), now: At(62)).JournalEvents.OfType<Acknowledged>()
        );
        Assert.Equal(AlertStatus.Acknowledged, _alert.State.Status);
        Assert.Equal("pd-user", _alert.State.AcknowledgedBy);
        Assert.Equal(["pagerduty:W1", "pagerduty:W2"], _alert.State.AppliedWebhookEventIds);
    }

    [Fact]
    public void An_old_resolve_does_not_close_an_alert_still_pending_in_its_new_period()
    {
        var policy = Rules.AlertPolicy.Default with { ThresholdCount = 3 };
        _alert.Record(Trigger("e1", policy: policy), At(0));
        _alert.Record(Trigger("e2", policy: policy), At(0));
        _alert.Record(Trigger("e3", policy: policy), At(0));
        ResolveByWebhook("opsgenie:a1:Close:1", occurredAt: At(2), now: At(2));
        _alert.Record(Trigger("e4", policy: policy), At(10));
        Assert.Equal(AlertStatus.Pending, _alert.State.Status);

        var stale = ResolveByWebhook("opsgenie:a1:Close:2", occurredAt: At(3), now: At(11));

        Assert.NotNull(stale.Rejection);
        Assert.Equal(AlertStatus.Pending, _alert.State.Status);
    }

    [Fact]
    public void Api_changes_and_webhooks_without_an_id_or_time_are_decided_as_before()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.Acknowledge("alice", At(1));
        var resolved = _alert.Commit(
            _alert.State.Decide(new AlertCommands.Resolve(Key, "bob", null, ProviderNames.OpsGenie), At(2))
        );

        Assert.Null(resolved.Rejection);
        Assert.Equal(AlertStatus.Resolved, _alert.State.Status);
        Assert.Empty(_alert.State.AppliedWebhookEventIds);
        Assert.All(_alert.Journal.OfType<Acknowledged>(), a => Assert.Null(a.WebhookEventId));
    }

    [Fact]
    public void Replaying_the_journal_restores_the_period_start_and_the_applied_ids()
    {
        _alert.Record(Trigger("e1"), At(0));
        AcknowledgeByWebhook("pagerduty:W1", occurredAt: At(1), now: At(1));
        ResolveByWebhook("pagerduty:W2", occurredAt: At(2), now: At(2));
        _alert.Record(Trigger("e2"), At(30));

        var replayed = AlertHarness.Replay(Key, _alert.Journal);

        Assert.Equal(At(30), replayed.PeriodStartedAt);
        Assert.Equal(["pagerduty:W1", "pagerduty:W2"], replayed.AppliedWebhookEventIds);
        Assert.Equal(StateText.Describe(_alert.State), StateText.Describe(replayed));
    }

    [Fact]
    public void Only_the_latest_applied_ids_are_kept()
    {
        _alert.Record(Trigger("e0"), At(0));
        for (var i = 1; i <= AlertState.AppliedWebhookEventCapacity + 5; i++)
        {
            ResolveByWebhook($"w-{i}", occurredAt: At(2 * i), now: At(2 * i));
            _alert.Record(Trigger($"e{i}"), At(2 * i + 1));
        }

        Assert.Equal(AlertState.AppliedWebhookEventCapacity, _alert.State.AppliedWebhookEventIds.Count);
        Assert.Equal("w-6", _alert.State.AppliedWebhookEventIds[0]);
        // An id that fell out is still refused by its time.
        Assert.NotNull(ResolveByWebhook("w-1", occurredAt: At(2), now: At(400)).Rejection);
    }
}
