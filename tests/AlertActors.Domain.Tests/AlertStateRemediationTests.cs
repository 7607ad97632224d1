using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;
using AlertActors.Domain.TimeIntervals;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>
/// Remediation (README "Remediation"): attempt 1 goes with the firing decision; the page is held (after-remediation)
/// or goes at once (immediately); a success resolves and drops the held page; failures schedule the next attempt until
/// max-attempts, then release the page through silences and mutes; acknowledge and resolve cancel; a new period starts
/// anew; replay gives the same state.
/// </summary>
public class AlertStateRemediationTests
{
    private readonly AlertHarness _alert = new();
    private ISilenceLookup? _silences;
    private ITimeMutes? _mutes;

    private static AlertPolicy Remediated(RemediationPage page = RemediationPage.AfterRemediation, int attempts = 3) =>
        AlertPolicy.Default with
        {
            AutoResolveAfter = TimeSpan.Zero,
            Remediation = new RemediationPolicy(attempts, TimeSpan.FromSeconds(30), page),
        };

    private Decision Fire(string eventId, DateTimeOffset now, AlertPolicy? policy = null) =>
        _alert.Commit(
            _alert.State.Decide(
                new AlertCommands.RecordOccurrence(
                    _alert.State.DedupKey,
                    Trigger(eventId, policy: policy ?? Remediated())
                ),
                now,
                _silences,
                mutes: _mutes
            )
        );

    private Decision Answer(bool resolved, DateTimeOffset now, string detail = "disk still full") =>
        _alert.Commit(
            _alert.State.DecideDeliveryOutcome(
                PendingAttempt().Number,
                resolved
                    ? new DeliveryOutcome(DeliveryOutcomeKind.Delivered, "resolved")
                    : new DeliveryOutcome(DeliveryOutcomeKind.Permanent, detail),
                now,
                silences: _silences,
                mutes: _mutes
            )
        );

    private OutboxDelivery PendingAttempt() =>
        _alert.State.Deliveries.Single(d => d.IsPending && d.Provider == ProviderNames.Remediation);

    private IEnumerable<OutboxDelivery> Pages(NotificationAction action) =>
        _alert.State.Deliveries.Where(d => d.Provider != ProviderNames.Remediation && d.Request.Action == action);

    [Fact]
    public void Firing_schedules_attempt_1_in_the_same_decision_and_holds_the_page()
    {
        var fired = Fire("e1", At(0));

        var scheduled = fired.JournalEvents.OfType<DeliveryScheduled>().Single();
        Assert.Equal(ProviderNames.Remediation, scheduled.Delivery.Provider);
        Assert.Equal(
            new RemediationCall(1, 3, TimeSpan.FromSeconds(30), At(0)),
            scheduled.Delivery.Request.Remediation
        );
        Assert.Contains(fired.JournalEvents, e => e is RemediationStarted { PageHeld: true });
        Assert.DoesNotContain(fired.JournalEvents, e => e is Notified);
        Assert.True(_alert.State.HeldForRemediation);
        Assert.Equal(AlertStatus.Firing, _alert.State.Status);
        Assert.Empty(_alert.State.RoutingTargets);
        // Held, not owed: no timer releases it; the pending attempt keeps the alert in memory.
        Assert.Null(_alert.State.DueAt(AlertTimer.OwedNotification));
        Assert.Null(_alert.State.DueAt(AlertTimer.Repeat));
        Assert.True(_alert.State.HasLiveWork);
    }

    [Fact]
    public void With_page_immediately_the_trigger_goes_out_beside_attempt_1()
    {
        var fired = Fire("e1", At(0), Remediated(RemediationPage.Immediately));

        Assert.Equal(
            [ProviderNames.Remediation, ProviderNames.PagerDuty, ProviderNames.OpsGenie],
            fired.JournalEvents.OfType<DeliveryScheduled>().Select(d => d.Delivery.Provider)
        );
        Assert.False(_alert.State.HeldForRemediation);
        Assert.Equal(2, Pages(NotificationAction.Trigger).Count());
    }

    [Fact]
    public void A_success_resolves_via_remediation_and_the_held_trigger_is_never_sent()
    {
        Fire("e1", At(0));
        var answered = Answer(resolved: true, At(1));

        Assert.Contains(answered.JournalEvents, e => e is RemediationAttempted { Attempt: 1, Succeeded: true });
        var state = _alert.State;
        Assert.Equal(AlertStatus.Resolved, state.Status);
        Assert.Equal(ChangeVia.Remediation, state.Timeline.Last(e => e.Change == "resolved").Via);
        Assert.False(state.HeldForRemediation);
        Assert.Empty(Pages(NotificationAction.Trigger));
        Assert.Empty(Pages(NotificationAction.Resolve));
        Assert.Equal(("resolved", 1), (state.RemediationStatus, state.RemediationAttempts));
        Assert.Equal(DeliveryStatus.Delivered, state.Deliveries.Single().Status);
    }

    [Fact]
    public void A_success_with_page_immediately_resolves_the_providers_it_paged()
    {
        Fire("e1", At(0), Remediated(RemediationPage.Immediately));
        Answer(resolved: true, At(1));

        Assert.Equal(2, Pages(NotificationAction.Resolve).Count());
    }

    [Fact]
    public void Failures_schedule_the_next_attempt_in_the_same_write_and_the_last_one_releases_the_page()
    {
        Fire("e1", At(0));
        var first = Answer(resolved: false, At(1));
        Assert.Equal(2, first.JournalEvents.OfType<DeliveryScheduled>().Single().Delivery.Request.Remediation!.Attempt);
        Assert.True(_alert.State.HeldForRemediation);
        Answer(resolved: false, At(2));
        Assert.Empty(Pages(NotificationAction.Trigger));

        var last = Answer(resolved: false, At(3), "endpoint gave up");

        Assert.Contains(last.JournalEvents, e => e is RemediationAttempted { Attempt: 3, Succeeded: false });
        Assert.Contains(last.JournalEvents, e => e is RemediationFailed { Attempts: 3 });
        Assert.Contains(last.JournalEvents, e => e is Notified);
        Assert.Equal(2, Pages(NotificationAction.Trigger).Count());
        Assert.All(Pages(NotificationAction.Trigger), d => Assert.Equal(At(3), d.CreatedAt));
        Assert.False(_alert.State.RemediationPending);
        Assert.False(_alert.State.HeldForRemediation);
        Assert.Equal("failed", _alert.State.RemediationStatus);
        Assert.Contains(_alert.State.Timeline, e => e.Note == "remediation attempt 3 of 3 failed: endpoint gave up");
        Assert.Contains(_alert.State.Timeline, e => e.Note == "remediation failed after 3 attempt(s)");
        Assert.Equal(3, _alert.State.Deliveries.Count(d => d.Status == DeliveryStatus.Failed));
    }

    [Fact]
    public void A_retryable_outcome_is_a_failed_attempt_not_a_second_call_of_the_same_one()
    {
        Fire("e1", At(0));
        var number = PendingAttempt().Number;
        _alert.Commit(
            _alert.State.DecideDeliveryOutcome(
                number,
                new DeliveryOutcome(DeliveryOutcomeKind.Retryable, "no answer within 30s"),
                At(1),
                TimeSpan.FromHours(24)
            )
        );

        Assert.Equal(DeliveryStatus.Failed, _alert.State.Deliveries.Single(d => d.Number == number).Status);
        Assert.Equal(2, PendingAttempt().Request.Remediation!.Attempt);
    }

    [Theory]
    [InlineData("acknowledge")]
    [InlineData("resolve")]
    public void Acknowledge_or_resolve_cancels_the_attempts_left_and_drops_the_held_page(string change)
    {
        Fire("e1", At(0));
        Answer(resolved: false, At(1));

        var decision =
            change == "acknowledge" ? _alert.Acknowledge("alice", At(2)) : _alert.ResolveByApi("alice", At(2));

        Assert.Contains(decision.JournalEvents, e => e is RemediationCancelled);
        Assert.False(_alert.State.RemediationPending);
        Assert.False(_alert.State.HeldForRemediation);
        Assert.Equal(DeliveryStatus.Cancelled, _alert.State.Deliveries.Last().Status);
        Assert.Empty(Pages(NotificationAction.Trigger));
        Assert.False(_alert.State.HasLiveWork);
        // The cancelled attempt's late answer changes nothing.
        Assert.Empty(
            _alert
                .State.DecideDeliveryOutcome(
                    _alert.State.Deliveries.Last().Number,
                    new DeliveryOutcome(DeliveryOutcomeKind.Permanent, "late"),
                    At(3)
                )
                .JournalEvents
        );
    }

    [Fact]
    public void A_new_firing_period_starts_remediation_anew_at_attempt_1()
    {
        Fire("e1", At(0));
        Answer(resolved: true, At(1));

        var again = Fire("e2", At(10));

        Assert.Equal(1, again.JournalEvents.OfType<DeliveryScheduled>().Single().Delivery.Request.Remediation!.Attempt);
        Assert.True(_alert.State.HeldForRemediation);
        Assert.Equal(("running", 0), (_alert.State.RemediationStatus, _alert.State.RemediationAttempts));
    }

    [Fact]
    public void A_silence_holds_the_released_page_but_not_the_attempts()
    {
        _silences = new OneSilence(new Silence("maint", [], At(-10), At(60), "alice", "maintenance"));
        var fired = Fire("e1", At(0), Remediated(attempts: 1));
        Assert.Equal(
            ProviderNames.Remediation,
            fired.JournalEvents.OfType<DeliveryScheduled>().Single().Delivery.Provider
        );

        var failed = Answer(resolved: false, At(1));

        Assert.Contains(failed.JournalEvents, e => e is NotificationSilenced { SilenceId: "maint" });
        Assert.Empty(Pages(NotificationAction.Trigger));
        Assert.True(_alert.State.NotificationOwed);
        // The silence's end releases it as any silenced page.
        _silences = null;
        _alert.Timer(AlertTimer.OwedNotification, At(61));
        Assert.Equal(2, Pages(NotificationAction.Trigger).Count());
    }

    [Fact]
    public void A_mute_time_interval_holds_the_released_page_but_not_the_attempts()
    {
        _mutes = new FixedMute(new TimeMute("nights", At(60)));
        var fired = Fire("e1", At(0), Remediated(attempts: 1));
        Assert.Single(fired.JournalEvents.OfType<DeliveryScheduled>());

        var failed = Answer(resolved: false, At(1));

        Assert.Contains(failed.JournalEvents, e => e is NotificationMuted { Interval: "nights" });
        Assert.Empty(Pages(NotificationAction.Trigger));
    }

    [Fact]
    public void Replaying_the_journal_gives_the_same_state()
    {
        Fire("e1", At(0));
        Answer(resolved: false, At(1));
        Answer(resolved: false, At(2));

        var replayed = AlertHarness.Replay(_alert.State.DedupKey, _alert.Journal);

        Assert.Equal(StateText.Describe(_alert.State), StateText.Describe(replayed));
        Assert.Equal(
            (true, 2, "running", "disk still full"),
            (
                replayed.HeldForRemediation,
                replayed.RemediationAttempts,
                replayed.RemediationStatus,
                replayed.RemediationDetail
            )
        );
        Assert.Equal(3, replayed.Deliveries.Single(d => d.IsPending).Request.Remediation!.Attempt);
    }

    [Fact]
    public void An_alert_without_remediation_pages_as_before()
    {
        var fired = Fire("e1", At(0), AlertPolicy.Default);

        Assert.DoesNotContain(fired.JournalEvents, e => e is RemediationStarted);
        Assert.Equal(2, Pages(NotificationAction.Trigger).Count());
        Assert.Null(_alert.State.RemediationStatus);
    }

    [Theory]
    [InlineData(RemediationPage.Immediately)]
    [InlineData(RemediationPage.AfterRemediation)]
    public void The_escalation_clock_starts_at_the_final_failed_attempt_not_at_the_first_page(RemediationPage page)
    {
        var policy = Remediated(page, attempts: 2) with
        {
            Escalation = [new EscalationStep(TimeSpan.FromMinutes(15), [ProviderNames.Webhook])],
        };
        Fire("e1", At(0), policy);
        Assert.Null(_alert.State.DueAt(AlertTimer.Escalation));
        Answer(resolved: false, At(5));
        Assert.Null(_alert.State.DueAt(AlertTimer.Escalation));

        Answer(resolved: false, At(10));

        Assert.Equal(At(10), _alert.State.EscalationStartedAt);
        Assert.Equal(At(25), _alert.State.DueAt(AlertTimer.Escalation));
        Assert.Equal(At(25), AlertHarness.Replay(_alert.State.DedupKey, _alert.Journal).DueAt(AlertTimer.Escalation));
        Assert.Empty(_alert.Timer(AlertTimer.Escalation, At(24)).JournalEvents);
        Assert.Contains(_alert.Timer(AlertTimer.Escalation, At(25)).JournalEvents, e => e is Escalated { Step: 1 });
    }

    [Fact]
    public void A_remediation_that_succeeds_never_escalates()
    {
        Fire(
            "e1",
            At(0),
            Remediated(RemediationPage.Immediately) with
            {
                Escalation = [new EscalationStep(TimeSpan.FromMinutes(15), [ProviderNames.Webhook])],
            }
        );
        Answer(resolved: true, At(1));

        Assert.Null(_alert.State.DueAt(AlertTimer.Escalation));
    }

    private sealed class OneSilence(Silence silence) : ISilenceLookup
    {
        public Silence? ActiveFor(AlertState alert, DateTimeOffset now) => silence.IsActiveAt(now) ? silence : null;
    }

    private sealed class FixedMute(TimeMute mute) : ITimeMutes
    {
        public TimeMute? MutedAt(AlertState alert, DateTimeOffset now) => now < mute.Until ? mute : null;
    }
}
