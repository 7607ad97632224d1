using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Actors.Serialization;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The webhook event id on <see cref="AlertJournalEvents.Acknowledged"/>/<see cref="AlertJournalEvents.Resolved"/> and
/// the replay guard's state on
/// <see cref="AlertState"/> are optional in the journal's JSON: events and snapshots written before they existed still
/// read, and changes that did not come by webhook are written exactly as before.
/// </summary>
public sealed class WebhookEventSerializationTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Old_acknowledged_and_resolved_events_read_and_api_changes_write_no_new_property()
    {
        var old = JsonNode.Parse("""{"At":"2026-11-23T03:00:00+00:00","By":"alice","Note":"on it"}""")!;
        Assert.Equal(new AlertJournalEvents.Resolved(At, "alice", "on it"), Read<AlertJournalEvents.Resolved>(old));
        Assert.Equal(
            new AlertJournalEvents.Acknowledged(At, "alice", "on it"),
            Read<AlertJournalEvents.Acknowledged>(old)
        );

        Assert.False(
            JsonSerializer
                .SerializeToNode(new AlertJournalEvents.Resolved(At, "alice", null), AlertJsonSerializer.Options)!
                .AsObject()
                .ContainsKey("WebhookEventId")
        );
        var webhook = new AlertJournalEvents.Resolved(At, "pd-user", null, "pagerduty:W1");
        Assert.Equal(
            webhook,
            Read<AlertJournalEvents.Resolved>(JsonSerializer.SerializeToNode(webhook, AlertJsonSerializer.Options)!)
        );
    }

    [Fact]
    public void An_old_snapshot_reads_without_a_period_start_or_applied_ids_and_a_new_one_round_trips()
    {
        var state = AlertState.Empty("k") with
        {
            Status = AlertStatus.Firing,
            FiringPeriod = 2,
            PeriodStartedAt = At,
            AppliedWebhookEventIds = ["pagerduty:W1"],
        };
        var json = JsonSerializer.SerializeToNode(state, AlertJsonSerializer.Options)!.AsObject();

        var roundTripped = Read<AlertState>(json);
        Assert.Equal(
            (At, "pagerduty:W1"),
            (roundTripped.PeriodStartedAt, Assert.Single(roundTripped.AppliedWebhookEventIds))
        );

        json.Remove("PeriodStartedAt");
        json.Remove("AppliedWebhookEventIds");
        var old = Read<AlertState>(json);
        Assert.Equal((AlertStatus.Firing, 2, null), (old.Status, old.FiringPeriod, old.PeriodStartedAt));
        Assert.Empty(old.AppliedWebhookEventIds);
    }

    private static T Read<T>(JsonNode json) => json.Deserialize<T>(AlertJsonSerializer.Options)!;
}
