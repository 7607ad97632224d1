using System.Text.Json.Nodes;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Notifications.PagerDuty;
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

        Assert.Collection(decision.JournalEvents,
            e => Assert.IsType<OccurrenceRecorded>(e),
            e => Assert.Equal((ProviderNames.PagerDuty, NotificationAction.Change),
                (((DeliveryScheduled)e).Delivery.Provider, ((DeliveryScheduled)e).Delivery.Request.Action)));
        Assert.Equal(AlertStatus.Resolved, alert.State.Status);
        Assert.Empty(alert.State.Timeline);
        Assert.Null(alert.State.DueAt(AlertTimer.AutoResolve));
        Assert.Single(alert.Record(Trigger("deploy-2") with { ChangeEvent = true }, At(1)).JournalEvents.OfType<DeliveryScheduled>());
    }

    [Fact]
    public void The_change_event_body_and_path_follow_the_Change_Events_API()
    {
        var request = Request(action: NotificationAction.Change, summary: "deployed api v42", detailsJson: """{"version":"v42"}""");

        Assert.Equal("v2/change/enqueue", PagerDutyPayload.PathOf(request));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""
            {"routing_key":"rk","payload":{"summary":"deployed api v42","timestamp":"2025-03-01T12:00:00.000Z",
             "source":"dhcp-watcher/site-a","custom_details":{"version":"v42"}}}
            """), PagerDutyPayload.Build(request, "rk")));
        Assert.Equal("v2/enqueue", PagerDutyPayload.PathOf(Request()));
    }
}
