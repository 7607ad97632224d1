using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Alerts.AlertJournalEvents;
using static AlertActors.Domain.Tests.Build;

namespace AlertActors.Domain.Tests;

/// <summary>A producer clock far ahead never reaches PagerDuty's <c>payload.timestamp</c>: beyond 5 minutes ahead the
/// receive time is used.</summary>
public class TriggerTimeTests
{
    private readonly AlertHarness _alert = new();

    private NotificationRequest TriggerOf(Decision decision) =>
        decision
            .JournalEvents.OfType<DeliveryScheduled>()
            .First(s => s.Delivery.Request.Action == NotificationAction.Trigger)
            .Delivery.Request;

    [Fact]
    public void An_event_time_far_in_the_future_is_replaced_by_the_receive_time_and_kept_in_the_details()
    {
        var future = new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var trigger = TriggerOf(_alert.Record(Trigger("e1", at: future, detailsJson: """{"mac":"aa"}"""), At(0)));

        Assert.Equal(At(0), trigger.Timestamp);
        Assert.Equal(
            "2099-01-01T00:00:00.0000000+00:00",
            trigger.Details!.Value.GetProperty(TriggerTime.EventTimeDetail).GetString()
        );
        Assert.Equal("aa", trigger.Details!.Value.GetProperty("mac").GetString());
        Assert.Equal(future, _alert.State.LastOccurrenceAt); // the alert itself records what the producer said
        Assert.False(_alert.State.Details!.Value.TryGetProperty(TriggerTime.EventTimeDetail, out _));
    }

    [Theory]
    [InlineData(5 * 60)]
    [InlineData(-3600)]
    public void An_event_time_within_the_tolerance_or_in_the_past_is_passed_as_it_is(int secondsAhead)
    {
        var trigger = TriggerOf(_alert.Record(Trigger("e1", at: At(0).AddSeconds(secondsAhead)), At(0)));

        Assert.Equal(At(0).AddSeconds(secondsAhead), trigger.Timestamp);
        Assert.Null(trigger.Details);
    }

    [Fact]
    public void Just_beyond_the_tolerance_the_receive_time_is_used()
    {
        var trigger = TriggerOf(_alert.Record(Trigger("e1", at: At(5).AddSeconds(1)), At(0)));

        Assert.Equal(At(0), trigger.Timestamp);
        Assert.Equal(TimeSpan.FromMinutes(5), TriggerTime.ClockSkewTolerance);
    }

    [Fact]
    public void Data_that_already_has_an_event_time_is_not_overwritten()
    {
        var trigger = TriggerOf(
            _alert.Record(Trigger("e1", at: At(60), detailsJson: """{"event_time":"theirs"}"""), At(0))
        );

        Assert.Equal(At(0), trigger.Timestamp);
        Assert.Equal("theirs", trigger.Details!.Value.GetProperty(TriggerTime.EventTimeDetail).GetString());
    }
}
