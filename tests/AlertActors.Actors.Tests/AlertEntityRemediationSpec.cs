using Akka.Actor;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Delivery;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;

namespace AlertActors.Actors.Tests;

/// <summary>
/// Remediation through the real dispatcher and provider supervisor, with scripted in-memory providers, on the SQLite
/// journal, in virtual time (README "Remediation"): three failed attempts, each one call, then the held trigger goes
/// out exactly once; a success resolves and pages nobody; a restart after an answered attempt sends the next one.
/// </summary>
public sealed class AlertEntityRemediationSpec : SqliteJournalSpec
{
    private const string Key = "site-a:disk.full:db1";
    private readonly AlertEntitySettings _settings = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromMinutes(1),
    };

    private readonly ScriptedProvider _pagerDuty;
    private readonly ScriptedProvider _remediation;
    private readonly Queue<DeliveryOutcome> _answers = new();
    private readonly IActorRef _dispatcher;

    public AlertEntityRemediationSpec()
    {
        _pagerDuty = new ScriptedProvider(ProviderNames.PagerDuty, () => Scheduler.Now);
        _remediation = new ScriptedProvider(ProviderNames.Remediation, () => Scheduler.Now)
        {
            Script = _ =>
                Task.FromResult(
                    _answers.TryDequeue(out var next)
                        ? next
                        : new DeliveryOutcome(DeliveryOutcomeKind.Permanent, "no answer scripted")
                ),
        };
        _dispatcher = Sys.ActorOf(
            NotificationDispatcher.Props(
                [_pagerDuty, _remediation],
                DeliverySettings.Default,
                new BreakerStateRegistry()
            ),
            "notifications"
        );
    }

    private IActorRef Start() => Sys.ActorOf(AlertEntity.Props(Key, _dispatcher, _settings, NoSilences.Instance));

    private static AlertCommands.RecordOccurrence Trigger(string eventId) =>
        new(
            Key,
            new Occurrence(
                eventId,
                new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero),
                Domain.Events.EventAction.Trigger,
                Domain.Events.Severity.Critical,
                "Disk full on db1",
                "node-exporter",
                "disk.full",
                "db1",
                "site-a",
                "disk-full",
                [ProviderNames.PagerDuty],
                Details: null,
                AlertPolicy.Default with
                {
                    AutoResolveAfter = TimeSpan.Zero,
                    Remediation = new RemediationPolicy(3, TimeSpan.FromSeconds(30), RemediationPage.AfterRemediation),
                }
            )
        );

    private AlertState StateOf(IActorRef entity)
    {
        entity.Tell(new AlertCommands.GetAlert(Key));
        return ExpectMsg<AlertReplies.AlertView>().State;
    }

    /// <summary>Advances virtual time in steps until <paramref name="done"/> holds (the entity's writes and retry
    /// timers take real turns in between).</summary>
    private void AdvanceUntil(Func<bool> done)
    {
        for (var step = 0; step < 200 && !done(); step++)
        {
            Scheduler.Advance(TimeSpan.FromSeconds(1));
            ExpectNoMsg(TimeSpan.FromMilliseconds(20));
        }
        Assert.True(done());
    }

    [Fact]
    public void Three_failed_attempts_of_one_call_each_then_the_held_trigger_is_delivered_exactly_once()
    {
        var entity = Start();
        entity.Tell(Trigger("e1"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();

        AdvanceUntil(() => _pagerDuty.Calls.Count >= 1);
        AdvanceUntil(() => StateOf(entity).Deliveries.All(d => !d.IsPending));
        Scheduler.Advance(TimeSpan.FromMinutes(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Assert.Equal([1, 2, 3], _remediation.Calls.Select(c => c.Request.Remediation!.Attempt));
        var trigger = Assert.Single(_pagerDuty.Calls);
        Assert.Equal(NotificationAction.Trigger, trigger.Request.Action);
        Assert.True(trigger.At >= _remediation.Calls.Last().At);
        var state = StateOf(entity);
        Assert.Equal(
            (AlertStatus.Firing, false, "failed"),
            (state.Status, state.HeldForRemediation, state.RemediationStatus)
        );
        Assert.Contains(state.Timeline, e => e.Note == "remediation failed after 3 attempt(s)");
    }

    [Fact]
    public void A_success_resolves_the_alert_and_pages_nobody()
    {
        _answers.Enqueue(new DeliveryOutcome(DeliveryOutcomeKind.Permanent, "still full"));
        _answers.Enqueue(new DeliveryOutcome(DeliveryOutcomeKind.Delivered, "resolved"));
        var entity = Start();
        entity.Tell(Trigger("e1"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();

        AdvanceUntil(() => StateOf(entity).Status == AlertStatus.Resolved);
        Scheduler.Advance(TimeSpan.FromMinutes(5));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        Assert.Equal(2, _remediation.Calls.Count);
        Assert.Empty(_pagerDuty.Calls);
        var state = StateOf(entity);
        Assert.Equal((AlertState.RemediationResolver, "resolved"), (state.ResolvedBy, state.RemediationStatus));
        Assert.Equal(ChangeVia.Remediation, state.Timeline.Last().Via);
    }

    [Fact]
    public void After_a_restart_the_attempt_after_the_last_answered_one_goes_out_and_none_is_repeated()
    {
        var entity = Start();
        entity.Tell(Trigger("e1"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        AdvanceUntil(() => StateOf(entity).RemediationAttempts == 2);
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
        var callsBefore = _remediation.Calls.Count;

        var recovered = Start();

        AdvanceUntil(() => _pagerDuty.Calls.Count == 1);
        Assert.Equal([1, 2, 3], _remediation.Calls.Select(c => c.Request.Remediation!.Attempt).Distinct().Order());
        Assert.Equal(3, _remediation.Calls.Count);
        Assert.True(callsBefore >= 2);
        Assert.Equal(3, StateOf(recovered).RemediationAttempts);
    }
}
