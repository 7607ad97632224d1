using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>Dead letters (retry budget, permanent refusals, operator retry) and changes that come from a
/// provider.</summary>
public class AlertStateDeadLetterTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromHours(24);
    private readonly AlertHarness _alert = new();

    private Decision Fail(long number, DateTimeOffset now, DeliveryOutcomeKind kind = DeliveryOutcomeKind.Retryable) =>
        _alert.Commit(
            _alert.State.DecideDeliveryOutcome(number, new DeliveryOutcome(kind, "HTTP 503: down"), now, Budget)
        );

    private Decision Retry(long number, DateTimeOffset now) =>
        _alert.Commit(
            _alert.State.Decide(new AlertCommands.RequeueDelivery(_alert.State.DedupKey, number, "alice"), now)
        );

    [Fact]
    public void A_delivery_that_keeps_failing_past_the_retry_budget_goes_dead_with_its_last_error()
    {
        _alert.Record(Trigger("e1"), At(0));

        Assert.IsType<DeliveryAttemptFailed>(Assert.Single(Fail(1, At(60 * 24 - 1)).JournalEvents));
        var dead = Assert.IsType<DeliveryCompleted>(Assert.Single(Fail(1, At(60 * 24)).JournalEvents));

        Assert.Equal(DeliveryStatus.Dead, dead.Status);
        Assert.Contains("retry budget of 1.00:00:00 exhausted; last error: HTTP 503: down", dead.Detail);
        Assert.Equal([ProviderNames.OpsGenie], _alert.State.NextDeliveries().Select(d => d.Provider));
    }

    [Fact]
    public void A_permanent_refusal_is_dead_at_once_and_an_operator_retry_puts_it_back_in_the_outbox()
    {
        _alert.Record(Trigger("e1"), At(0));
        Fail(1, At(1), DeliveryOutcomeKind.Permanent);
        Assert.Equal(DeliveryStatus.Dead, _alert.State.Deliveries[0].Status);

        var requeued = Retry(1, At(30));

        Assert.Equal(new DeliveryRequeued(1, At(30), "alice"), Assert.Single(requeued.JournalEvents));
        var delivery = _alert.State.Deliveries[0];
        Assert.Equal((DeliveryStatus.Pending, At(30)), (delivery.Status, delivery.CreatedAt));
        Assert.Contains(delivery, _alert.State.NextDeliveries());
    }

    [Fact]
    public void Only_a_dead_delivery_can_be_retried_and_an_unknown_one_is_not_found()
    {
        _alert.Record(Trigger("e1"), At(0));

        Assert.Equal(RejectionReason.Conflict, Retry(1, At(1)).Rejection!.Reason);
        Assert.Equal(RejectionReason.NotFound, Retry(99, At(1)).Rejection!.Reason);
    }

    [Fact]
    public void A_dead_trigger_is_not_retried_once_the_provider_has_received_the_later_resolve()
    {
        _alert.Record(Trigger("e1"), At(0));
        Fail(1, At(1), DeliveryOutcomeKind.Permanent);
        _alert.ResolveByApi("bob", At(2));
        var resolve = _alert.State.Deliveries.Single(d =>
            d.Provider == ProviderNames.PagerDuty && d.Request.Action == NotificationAction.Resolve
        );
        _alert.Outcome(resolve.Number, new DeliveryOutcome(DeliveryOutcomeKind.Delivered), At(3));

        var refused = Retry(1, At(4));

        Assert.Equal(RejectionReason.Conflict, refused.Rejection!.Reason);
        Assert.Contains("superseded", refused.Rejection.Message);
    }

    [Fact]
    public void A_change_that_came_from_a_provider_is_not_echoed_back_to_it()
    {
        _alert.Record(Trigger("e1"), At(0));

        var acknowledged = _alert.Commit(
            _alert.State.Decide(
                new AlertCommands.Acknowledge(_alert.State.DedupKey, "pd-user", null, Origin: ProviderNames.PagerDuty),
                At(1)
            )
        );
        var resolved = _alert.Commit(
            _alert.State.Decide(
                new AlertCommands.Resolve(_alert.State.DedupKey, "og-user", null, Origin: ProviderNames.OpsGenie),
                At(2)
            )
        );

        Assert.Equal(
            [ProviderNames.OpsGenie],
            acknowledged.JournalEvents.OfType<DeliveryScheduled>().Select(d => d.Delivery.Provider)
        );
        Assert.Equal(
            [ProviderNames.PagerDuty],
            resolved.JournalEvents.OfType<DeliveryScheduled>().Select(d => d.Delivery.Provider)
        );
    }
}
