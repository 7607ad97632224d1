using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Serialization;
using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The W3C traceparent travels beside the domain: the ingest's <see cref="OccurrenceEnvelope"/> carries it with the
/// JSON and manifest the occurrence command had while the command carried it (nodes of either version read each other),
/// journal rows today's main wrote with it inside a <see cref="NotificationRequest"/> still read (as untraced), and the
/// alert's decision is not rewritten to carry it.
/// </summary>
public sealed class TraceParentSerializationTests : IDisposable
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    private static readonly Occurrence Occurrence = new(
        "e-1",
        new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero),
        EventAction.Trigger,
        Severity.Critical,
        "Disk full",
        "disk-watcher",
        "disk.full",
        "host-1",
        "default",
        "default",
        [ProviderNames.PagerDuty],
        null,
        AlertPolicy.Default
    );

    private static readonly NotificationRequest Request = new(
        "k",
        NotificationAction.Trigger,
        "Disk full",
        Severity.Critical,
        "disk-watcher",
        "disk.full",
        "host-1",
        "default",
        Occurrence.At,
        null
    );

    private readonly ActorSystem _system = ActorSystem.Create("traceparent");
    private readonly AlertJsonSerializer _serializer;

    public TraceParentSerializationTests() => _serializer = new AlertJsonSerializer((ExtendedActorSystem)_system);

    public void Dispose() => _system.Dispose();

    [Fact]
    public void The_occurrence_envelope_is_on_the_wire_what_the_traced_occurrence_command_was()
    {
        var envelope = OccurrenceEnvelope.Of(new AlertCommands.RecordOccurrence("k", Occurrence), TraceParent);
        Assert.Equal("alert.record-occurrence", _serializer.Manifest(envelope));
        var json = JsonNode.Parse(_serializer.ToBinary(envelope))!.AsObject();
        Assert.Equal(["DedupKey", "Occurrence", "TraceParent"], json.Select(p => p.Key));

        // As a node of the previous version sends it, and without a traceparent.
        var read = (OccurrenceEnvelope)
            _serializer.FromBinary(Encoding.UTF8.GetBytes(json.ToJsonString()), "alert.record-occurrence");
        Assert.Equal(
            ("k", "e-1", TraceParent),
            (read.Command.DedupKey, read.Command.Occurrence.EventId, read.TraceParent)
        );
        json.Remove("TraceParent");
        var untraced = (OccurrenceEnvelope)
            _serializer.FromBinary(Encoding.UTF8.GetBytes(json.ToJsonString()), "alert.record-occurrence");
        Assert.Null(untraced.TraceParent);

        var batch = new OccurrenceBatchEnvelope("k", [envelope]);
        Assert.Equal("alert.record-occurrences", _serializer.Manifest(batch));
        Assert.Equal(
            TraceParent,
            ((OccurrenceBatchEnvelope)_serializer.FromBinary(_serializer.ToBinary(batch), "alert.record-occurrences"))
                .Occurrences[0]
                .TraceParent
        );
    }

    [Fact]
    public void A_journal_row_with_a_traceparent_inside_its_notification_request_reads_as_the_domain_request()
    {
        var scheduled = new AlertJournalEvents.DeliveryScheduled(
            new OutboxDelivery(1, ProviderNames.PagerDuty, Request, Occurrence.At)
        );
        var row = JsonNode.Parse(
            _serializer.ToBinary(
                new AlertJournalEvents.Batch([new AlertJournalEvents.Fired(Occurrence.At, 1), scheduled])
            )
        )!;
        var request = row["Events"]![1]!["event"]!["Delivery"]!["Request"]!.AsObject();
        Assert.False(request.ContainsKey("TraceParent"));
        request["TraceParent"] = TraceParent; // as today's main journaled it

        var read = (AlertJournalEvents.Batch)
            _serializer.FromBinary(Encoding.UTF8.GetBytes(row.ToJsonString()), "alert.batch");
        Assert.Equal(Request, Assert.IsType<AlertJournalEvents.DeliveryScheduled>(read.Events[1]).Delivery.Request);
    }

    [Fact]
    public void The_alert_hands_the_commands_traceparent_on_without_rewriting_its_decision()
    {
        var decision = new Decision([new AlertJournalEvents.Fired(Occurrence.At, 1)]);

        // No listener in this test: no span, the command's own context is handed on; the decision is untouched.
        Assert.Equal(TraceParent, AlertActorsTracing.EndAlert(null, decision, TraceParent));
        Assert.Null(AlertActorsTracing.EndAlert(null, decision, null));
        Assert.Equal([new AlertJournalEvents.Fired(Occurrence.At, 1)], decision.JournalEvents);
    }

    [Fact]
    public void The_journal_envelope_reads_back_with_its_domain_event_and_trace_context()
    {
        var traced = new TracedJournalEvent(
            new AlertJournalEvents.Fired(Occurrence.At, 1),
            new Dictionary<long, string> { [1] = TraceParent }.ToImmutableDictionary()
        );
        var read = (TracedJournalEvent)_serializer.FromBinary(_serializer.ToBinary(traced), "alert.traced");
        Assert.Equal(new AlertJournalEvents.Fired(Occurrence.At, 1), TracedJournalEvent.DomainEventOf(read));
        Assert.Equal(TraceParent, read.DeliveryTraceParents[1]);
        Assert.Null(TracedJournalEvent.DomainEventOf("not a journal event"));
    }
}
