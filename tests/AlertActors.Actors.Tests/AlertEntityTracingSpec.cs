using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using AlertActors.Actors.Alerts;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Silences;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// Trace context rides beside the domain: the occurrence's envelope brings it to the alert, the alert sends each
/// delivery it schedules under it (also after a restart and past a checkpoint), and the journal keeps it in the alert's
/// journal envelope, never inside a domain event.
/// </summary>
public sealed class AlertEntityTracingSpec : AlertEntitySpec
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    [Fact]
    public void Deliveries_are_sent_under_the_occurrences_trace_context_and_again_after_a_restart()
    {
        var entity = StartEntity();
        entity.Tell(OccurrenceEnvelope.Of(Trigger("e1"), TraceParent));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        Assert.All(_dispatcher.ReceiveN(2).Cast<Deliver>(), d => Assert.Equal(TraceParent, d.TraceParent));

        // The journal row is the envelope; the domain events inside it hold no trace context.
        Assert.Equal(
            "alert.traced",
            Scalar("SELECT manifest FROM journal WHERE persistence_id = $p ORDER BY sequence_number DESC LIMIT 1")
        );
        var row = JsonNode.Parse(
            Encoding.UTF8.GetString(
                (byte[])
                    Scalar(
                        "SELECT message FROM journal WHERE persistence_id = $p ORDER BY sequence_number DESC LIMIT 1"
                    )!
            )
        )!;
        Assert.DoesNotContain("traceparent", row["Event"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(TraceParent, row["DeliveryTraceParents"]!["1"]!.GetValue<string>());

        Answer(entity, 2, ProviderNames.OpsGenie, DeliveryOutcomeKind.Delivered);
        AwaitAssert(() => Assert.Equal(DeliveryStatus.Delivered, AlertOf(entity).Deliveries[1].Status));
        Stop(entity);
        StartEntity();

        var resent = _dispatcher.ExpectMsg<Deliver>();
        Assert.Equal((1L, TraceParent), (resent.Number, resent.TraceParent));
    }

    [Fact]
    public void A_checkpoint_keeps_the_trace_context_of_the_deliveries_still_pending()
    {
        var settings = _settings with { SnapshotEvery = 2 };
        var entity = Sys.ActorOf(AlertEntity.Props(Key, _dispatcher.Ref, settings, NoSilences.Instance));
        entity.Tell(OccurrenceEnvelope.Of(Trigger("e1"), TraceParent));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        _dispatcher.ReceiveN(2);
        entity.Tell(Trigger("e2"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        AwaitAssert(() =>
            Assert.Equal(
                "alert.traced",
                Scalar(
                    "SELECT manifest FROM journal WHERE persistence_id = $p AND deleted = 0 ORDER BY sequence_number LIMIT 1"
                )
            )
        );
        Stop(entity);

        Sys.ActorOf(AlertEntity.Props(Key, _dispatcher.Ref, settings, NoSilences.Instance));
        Assert.All(_dispatcher.ReceiveN(2).Cast<Deliver>(), d => Assert.Equal(TraceParent, d.TraceParent));
    }

    [Fact]
    public void An_untraced_occurrence_journals_the_bare_domain_event_and_sends_untraced()
    {
        var entity = StartEntity();
        entity.Tell(OccurrenceEnvelope.Of(Trigger("e1")));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        Assert.All(_dispatcher.ReceiveN(2).Cast<Deliver>(), d => Assert.Null(d.TraceParent));
        Assert.Equal(
            "alert.batch",
            Scalar("SELECT manifest FROM journal WHERE persistence_id = $p ORDER BY sequence_number DESC LIMIT 1")
        );
    }

    private void Stop(IActorRef entity)
    {
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
    }
}
