using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

public class AlertStateDeliveryTests
{
    private readonly AlertHarness _alert = new();

    private static readonly DeliveryOutcome Delivered = new(DeliveryOutcomeKind.Delivered, "202");

    private (string Provider, long Number, NotificationAction Action)[] Next() =>
        _alert
            .State.NextDeliveries()
            .Select(d => (d.Provider, d.Number, d.Request.Action))
            .OrderBy(x => x.Provider, StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public void After_a_trigger_each_provider_has_its_trigger_next()
    {
        _alert.Record(Trigger("e1"), At(0));

        Assert.Equal(
            [("opsgenie", 2L, NotificationAction.Trigger), ("pagerduty", 1L, NotificationAction.Trigger)],
            Next()
        );
    }

    [Fact]
    public void Only_the_oldest_pending_delivery_per_provider_is_next_so_resolve_never_overtakes_trigger()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.Acknowledge("alice", At(1));
        _alert.ResolveByApi("alice", At(2));
        Assert.Equal(6, _alert.State.Deliveries.Count(d => d.IsPending));

        Assert.Equal(
            [("opsgenie", 2L, NotificationAction.Trigger), ("pagerduty", 1L, NotificationAction.Trigger)],
            Next()
        );

        _alert.Outcome(1, Delivered, At(3));
        Assert.Equal(
            [("opsgenie", 2L, NotificationAction.Trigger), ("pagerduty", 3L, NotificationAction.Acknowledge)],
            Next()
        );

        _alert.Outcome(3, Delivered, At(4));
        _alert.Outcome(2, Delivered, At(4));
        Assert.Equal(
            [("opsgenie", 4L, NotificationAction.Acknowledge), ("pagerduty", 5L, NotificationAction.Resolve)],
            Next()
        );

        _alert.Outcome(5, Delivered, At(5));
        _alert.Outcome(4, Delivered, At(5));
        _alert.Outcome(6, Delivered, At(5));
        Assert.Empty(Next());
    }

    [Fact]
    public void A_retryable_failure_keeps_the_delivery_first_in_line()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.ResolveByApi("bob", At(1));

        _alert.Outcome(1, new DeliveryOutcome(DeliveryOutcomeKind.Retryable, "503"), At(2));

        Assert.Contains(("pagerduty", 1L, NotificationAction.Trigger), Next());
    }

    [Theory]
    [InlineData(DeliveryOutcomeKind.Delivered, DeliveryStatus.Delivered)]
    [InlineData(DeliveryOutcomeKind.DryRun, DeliveryStatus.DryRun)]
    [InlineData(DeliveryOutcomeKind.Permanent, DeliveryStatus.Dead)]
    public void Final_outcomes_complete_the_delivery(DeliveryOutcomeKind kind, DeliveryStatus expected)
    {
        _alert.Record(Trigger("e1"), At(0));

        var decision = _alert.Outcome(1, new DeliveryOutcome(kind, "detail"), At(2));

        Assert.Equal(new DeliveryCompleted(1, At(2), expected, "detail"), Assert.Single(decision.JournalEvents));
        var delivery = _alert.State.Deliveries.Single(d => d.Number == 1);
        Assert.Equal(expected, delivery.Status);
        Assert.False(delivery.IsPending);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(At(2), delivery.CompletedAt);
        Assert.Equal("detail", delivery.Detail);
        Assert.True(_alert.State.Deliveries.Single(d => d.Number == 2).IsPending);
    }

    [Fact]
    public void Retryable_outcomes_count_attempts_and_keep_the_delivery_pending()
    {
        _alert.Record(Trigger("e1"), At(0));

        var first = _alert.Outcome(
            1,
            new DeliveryOutcome(DeliveryOutcomeKind.Retryable, "HTTP 503", TimeSpan.FromSeconds(30)),
            At(1)
        );
        var second = _alert.Outcome(1, new DeliveryOutcome(DeliveryOutcomeKind.Retryable), At(2));

        Assert.Equal(new DeliveryAttemptFailed(1, At(1), "HTTP 503"), Assert.Single(first.JournalEvents));
        Assert.Equal(new DeliveryAttemptFailed(1, At(2), "retryable failure"), Assert.Single(second.JournalEvents));
        var delivery = _alert.State.Deliveries.Single(d => d.Number == 1);
        Assert.True(delivery.IsPending);
        Assert.Equal(2, delivery.Attempts);
        Assert.Null(delivery.CompletedAt);

        _alert.Outcome(1, Delivered, At(3));
        Assert.Equal(3, _alert.State.Deliveries.Single(d => d.Number == 1).Attempts);
    }

    [Fact]
    public void Outcome_for_a_completed_delivery_is_ignored()
    {
        _alert.Record(Trigger("e1"), At(0));
        _alert.Outcome(1, Delivered, At(1));

        Assert.Empty(_alert.Outcome(1, new DeliveryOutcome(DeliveryOutcomeKind.Permanent, "400"), At(2)).JournalEvents);
        Assert.Equal(DeliveryStatus.Delivered, _alert.State.Deliveries.Single(d => d.Number == 1).Status);
    }

    [Fact]
    public void Outcome_for_an_unknown_delivery_is_ignored()
    {
        _alert.Record(Trigger("e1"), At(0));

        Assert.Empty(_alert.Outcome(99, Delivered, At(1)).JournalEvents);
        Assert.Empty(AlertState.Empty("k").DecideDeliveryOutcome(1, Delivered, At(1)).JournalEvents);
    }

    [Fact]
    public void Completed_deliveries_are_trimmed_to_capacity_oldest_first()
    {
        var total = AlertState.CompletedDeliveryCapacity + 10;
        var state = AlertState.Empty("k");
        for (var n = 1; n <= total; n++)
            state = state.Apply(
                new DeliveryScheduled(new OutboxDelivery(n, ProviderNames.PagerDuty, Request(), At(n)))
            );
        for (var n = 1; n <= total; n++)
            state = state.Apply(new DeliveryCompleted(n, At(100 + n), DeliveryStatus.Delivered, null));

        Assert.Equal(AlertState.CompletedDeliveryCapacity, state.Deliveries.Count);
        Assert.Equal(
            Enumerable.Range(11, AlertState.CompletedDeliveryCapacity).Select(n => (long)n),
            state.Deliveries.Select(d => d.Number)
        );
        Assert.Equal(total + 1, state.NextDeliveryNumber);
    }

    [Fact]
    public void Pending_deliveries_are_never_trimmed_however_old()
    {
        var state = AlertState
            .Empty("k")
            .Apply(new DeliveryScheduled(new OutboxDelivery(1, ProviderNames.OpsGenie, Request(), At(0))));
        var total = AlertState.CompletedDeliveryCapacity + 5;
        for (var n = 2; n <= total + 1; n++)
        {
            state = state.Apply(
                new DeliveryScheduled(new OutboxDelivery(n, ProviderNames.PagerDuty, Request(), At(n)))
            );
            state = state.Apply(new DeliveryCompleted(n, At(n), DeliveryStatus.DryRun, null));
        }

        Assert.Equal(AlertState.CompletedDeliveryCapacity + 1, state.Deliveries.Count);
        Assert.Equal(1, state.Deliveries[0].Number);
        Assert.True(state.Deliveries[0].IsPending);
        Assert.Equal(AlertState.CompletedDeliveryCapacity, state.Deliveries.Count(d => !d.IsPending));
        Assert.Equal(7, state.Deliveries[1].Number);
        Assert.Equal(1, Assert.Single(state.NextDeliveries()).Number);
    }

    [Fact]
    public void Delivery_numbers_are_never_reused_after_trimming()
    {
        for (var period = 0; period < 30; period++)
        {
            _alert.Record(Trigger($"t{period}"), At(period * 10));
            _alert.ResolveByApi("bob", At(period * 10 + 1));
            foreach (var d in _alert.State.Deliveries.Where(d => d.IsPending).ToList())
                _alert.Outcome(d.Number, Delivered, At(period * 10 + 2));
        }

        var scheduled = _alert.Journal.OfType<DeliveryScheduled>().Select(e => e.Delivery.Number).ToList();
        Assert.Equal(120, scheduled.Count);
        Assert.Equal(Enumerable.Range(1, 120).Select(n => (long)n), scheduled);
        Assert.Equal(AlertState.CompletedDeliveryCapacity, _alert.State.Deliveries.Count);
        Assert.Equal(121, _alert.State.NextDeliveryNumber);
    }

    [Theory]
    [InlineData(DeliveryStatus.Pending, "pending")]
    [InlineData(DeliveryStatus.Delivered, "delivered")]
    [InlineData(DeliveryStatus.DryRun, "dry-run")]
    [InlineData(DeliveryStatus.Dead, "dead")]
    public void Delivery_status_names(DeliveryStatus status, string name)
    {
        Assert.Equal(name, status.ToName());
    }
}
