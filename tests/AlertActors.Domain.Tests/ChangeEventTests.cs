using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>Rules that ask for PagerDuty change events: each occurrence is context, not an incident.</summary>
public class ChangeEventTests
{
    [Fact]
    public void A_change_event_occurrence_sends_one_PagerDuty_change_and_opens_no_alert()
    {
        var alert = new AlertHarness();

        var decision = alert.Record(Trigger("deploy-1") with { ChangeEvent = true }, At(0));

        Assert.Collection(
            decision.JournalEvents,
            e => Assert.IsType<OccurrenceRecorded>(e),
            e =>
                Assert.Equal(
                    (ProviderNames.PagerDuty, NotificationAction.Change),
                    (((DeliveryScheduled)e).Delivery.Provider, ((DeliveryScheduled)e).Delivery.Request.Action)
                )
        );
        Assert.Equal(AlertStatus.Resolved, alert.State.Status);
        Assert.Empty(alert.State.Timeline);
        Assert.Null(alert.State.DueAt(AlertTimer.AutoResolve));
        Assert.Single(
            alert
                .Record(Trigger("deploy-2") with { ChangeEvent = true }, At(1))
                .JournalEvents.OfType<DeliveryScheduled>()
        );
    }
}
