using System.Text.Json;
using System.Text.Json.Nodes;
using AlertActors.Actors.Serialization;
using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The W3C traceparent on <see cref="AlertCommands.RecordOccurrence"/> and <see cref="NotificationRequest"/> is optional in the alert JSON:
/// messages and journal entries written before it existed still read (as untraced), and new ones carry it; the alert entity's
/// decision hands it on to the deliveries it schedules.
/// </summary>
public sealed class TraceParentSerializationTests
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static readonly Occurrence Occurrence = new("e-1", new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero), EventAction.Trigger,
        Severity.Critical, "Disk full", "disk-watcher", "disk.full", "host-1", "default", "default", [ProviderNames.PagerDuty], null, AlertPolicy.Default);

    private static readonly NotificationRequest Request = new("k", NotificationAction.Trigger, "Disk full", Severity.Critical, "disk-watcher", "disk.full",
        "host-1", "default", Occurrence.At, null);

    [Fact]
    public void A_command_or_request_without_a_traceparent_reads_as_untraced_and_one_with_it_round_trips()
    {
        var command = new AlertCommands.RecordOccurrence("k", Occurrence, TraceParent);
        var json = JsonSerializer.SerializeToNode(command, AlertJsonSerializer.Options)!.AsObject();
        Assert.Equal(TraceParent, json["TraceParent"]!.GetValue<string>());
        var read = Read<AlertCommands.RecordOccurrence>(json);
        Assert.Equal(("k", "e-1", TraceParent), (read.DedupKey, read.Occurrence.EventId, read.TraceParent));
        json.Remove("TraceParent");
        var old = Read<AlertCommands.RecordOccurrence>(json);
        Assert.Equal(("k", "e-1", null), (old.DedupKey, old.Occurrence.EventId, old.TraceParent));

        // An untraced request writes no property at all (the journal's JSON is as before), and an old one reads.
        var untraced = JsonSerializer.SerializeToNode(Request, AlertJsonSerializer.Options)!.AsObject();
        Assert.False(untraced.ContainsKey("TraceParent"));
        Assert.Equal(Request, Read<NotificationRequest>(untraced));
        Assert.Equal(TraceParent, Read<NotificationRequest>(JsonSerializer.SerializeToNode(Request with { TraceParent = TraceParent }, AlertJsonSerializer.Options)!).TraceParent);
    }

    [Fact]
    public void The_alert_hands_the_commands_traceparent_on_to_the_deliveries_it_schedules()
    {
        var delivery = new AlertActors.Domain.Alerts.Delivery(1, ProviderNames.PagerDuty, Request, Occurrence.At);
        var decision = new Decision([new AlertEvents.Fired(Occurrence.At, 1), new AlertEvents.DeliveryScheduled(delivery)]);

        // No listener in this test: no span, the command's own context is handed on.
        var traced = AlertActorsTracing.EndAlert(null, new AlertCommands.RecordOccurrence("k", Occurrence, TraceParent), decision);
        Assert.Equal(TraceParent, Assert.IsType<AlertEvents.DeliveryScheduled>(traced.Events[1]).Delivery.Request.TraceParent);
        Assert.IsType<AlertEvents.Fired>(traced.Events[0]);

        Assert.Same(decision, AlertActorsTracing.EndAlert(null, new AlertCommands.RecordOccurrence("k", Occurrence), decision));
        Assert.Same(decision, AlertActorsTracing.EndAlert(null, new AlertCommands.Acknowledge("k", "alice", null), decision));
    }

    private static T Read<T>(JsonNode json) => json.Deserialize<T>(AlertJsonSerializer.Options)!;
}
