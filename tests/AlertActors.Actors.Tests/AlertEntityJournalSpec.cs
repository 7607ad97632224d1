using Akka.Actor;
using Akka.Persistence;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Delivery;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Silences;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// How the alert entity writes its journal: one row per write however many commands it covers, batches answered
/// once, checkpoints that let old events go, and recovery from what earlier versions wrote.
/// </summary>
public sealed class AlertEntityJournalSpec : AlertEntitySpec
{
    [Fact]
    public void Occurrences_of_a_hot_key_are_coalesced_into_fewer_writes_and_each_is_acknowledged_after_its_write()
    {
        const int count = 200;
        var (entity, acknowledged, batches) = SendHotOccurrences(count);

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"hot-{i}"), acknowledged.Select(a => a.EventId));
        Assert.DoesNotContain(acknowledged, a => a.Duplicate);
        Assert.True(batches.Count < count / 4, $"{batches.Count} journal writes for {count} occurrences");
        Assert.Equal(count, AlertOf(entity).Occurrences);
    }

    [Fact]
    public void Every_write_is_one_journal_row_however_many_occurrences_it_covers_and_recovery_still_counts_every_one()
    {
        const int count = 200;
        var (entity, _, batches) = SendHotOccurrences(count);

        // The first write holds the occurrence, the firing, the notification and two deliveries: one row.
        Assert.Equal(5, batches[0].JournalEvents);
        Assert.Equal(batches.Count, JournalRows());
        Assert.True(batches.Count < count / 4, $"{batches.Count} journal rows for {count} occurrences");

        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
        var recovered = StartEntity();
        Assert.Equal(count, AlertOf(recovered).Occurrences);
        recovered.Tell(Trigger("hot-150"));
        Assert.True(ExpectMsg<AlertReplies.OccurrenceAccepted>().Duplicate);
    }

    [Fact]
    public void The_outcomes_of_one_round_of_calls_are_one_journal_row_written_once_no_call_is_in_flight()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        var calls = _dispatcher.ReceiveN(2).Cast<Deliver>().ToList();
        Assert.Equal(1, JournalRows());

        Answer(entity, calls[0].Number, calls[0].Provider, DeliveryOutcomeKind.Delivered);
        // Applied at once (the provider's next call may go), journaled once the other call has answered too.
        _dispatcher.ExpectNoMsg(NoMessage);
        Assert.Equal(1, JournalRows());
        Answer(entity, calls[1].Number, calls[1].Provider, DeliveryOutcomeKind.Delivered);
        AwaitAssert(() => Assert.Equal(2, JournalRows()));

        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);
        var recovered = StartEntity();
        Assert.All(AlertOf(recovered).Deliveries, d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
        _dispatcher.ExpectNoMsg(NoMessage);
    }

    [Fact]
    public void A_lookup_of_an_alert_that_does_not_exist_writes_nothing_and_leaves_memory_at_once()
    {
        var parent = CreateTestProbe();
        var entity = parent.ChildActorOf(AlertEntity.Props(Key, _dispatcher.Ref, _settings, NoSilences.Instance));

        entity.Tell(new AlertCommands.GetAlert(Key));

        Assert.Equal(RejectionReason.NotFound, ExpectMsg<AlertReplies.Rejected>().Reason);
        parent.ExpectMsg<Akka.Cluster.Sharding.Passivate>();
        Assert.Equal(0, JournalRows());
    }

    [Fact]
    public void A_batch_of_occurrences_is_decided_in_order_written_once_and_answered_once_after_the_last()
    {
        var writes = CreateTestProbe();
        Sys.EventStream.Subscribe(writes.Ref, typeof(AlertWriteCompleted));
        var entity = StartEntity();

        var batch = new[] { Trigger("b-1"), Resolve("b-2"), Trigger("b-3") };
        entity.Tell(new OccurrenceBatchEnvelope(Key, [.. batch.Select(c => OccurrenceEnvelope.Of(c))]));

        Assert.Equal("b-3", ExpectMsg<AlertReplies.OccurrenceAccepted>().EventId);
        ExpectNoMsg(NoMessage);
        Assert.Equal(3, writes.ExpectMsg<AlertWriteCompleted>().Commands);
        var state = AlertOf(entity);
        Assert.Equal(["firing", "resolved", "firing"], state.Timeline.Select(t => t.Change));
        Assert.Equal(AlertStatus.Firing, state.Status);
    }

    [Fact]
    public void A_batch_answer_names_the_redelivered_event_ids_in_it()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("seen-1"));
        Assert.False(ExpectMsg<AlertReplies.OccurrenceAccepted>().Duplicate);

        entity.Tell(
            new OccurrenceBatchEnvelope(
                Key,
                [
                    .. new[] { Trigger("seen-1"), Trigger("new-2"), Trigger("new-3") }.Select(c =>
                        OccurrenceEnvelope.Of(c)
                    ),
                ]
            )
        );

        var answer = ExpectMsg<AlertReplies.OccurrenceAccepted>();
        Assert.True(answer.WasDuplicate("seen-1"));
        Assert.False(answer.WasDuplicate("new-2"));
        Assert.False(answer.WasDuplicate("new-3"));
        entity.Tell(Trigger("new-4"));
        Assert.Equal([], ExpectMsg<AlertReplies.OccurrenceAccepted>().DuplicateEventIds ?? []);
    }

    [Fact]
    public void Checkpoints_in_the_journal_let_old_events_be_deleted_and_recovery_reads_no_snapshot_store()
    {
        var settings = _settings with { SnapshotEvery = 10 };
        var entity = Sys.ActorOf(AlertEntity.Props(Key, _dispatcher.Ref, settings, NoSilences.Instance));
        for (var i = 0; i < 40; i++)
        {
            entity.Tell(Trigger($"s{i}"));
            ExpectMsg<AlertReplies.OccurrenceAccepted>();
        }

        // The oldest event left is a checkpoint: replay starts from the whole state.
        AwaitAssert(
            () => Assert.True(LowestStoredSequenceNr() > 10, $"lowest stored event is {LowestStoredSequenceNr()}"),
            TimeSpan.FromSeconds(10)
        );
        Assert.Equal(
            "alert.checkpoint",
            Scalar(
                "SELECT manifest FROM journal WHERE persistence_id = $p AND deleted = 0 ORDER BY sequence_number LIMIT 1"
            )
        );
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM snapshot"));
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        var recovered = Sys.ActorOf(AlertEntity.Props(Key, _dispatcher.Ref, settings, NoSilences.Instance));
        var state = AlertOf(recovered);
        Assert.Equal(40, state.Occurrences);
        Assert.Equal(AlertStatus.Firing, state.Status);
        recovered.Tell(Trigger("s0"));
        Assert.True(ExpectMsg<AlertReplies.OccurrenceAccepted>().Duplicate);
    }

    [Fact]
    public void An_alert_an_earlier_version_snapshotted_and_trimmed_recovers_from_its_snapshot_on_its_next_start()
    {
        // As the earlier version left it: three events, a snapshot of the state at 3, the events before it deleted, two
        // more after it.
        var occurrence = Trigger("old-1").Occurrence;
        var snapshot = AlertState
            .Empty(Key)
            .Apply(new AlertJournalEvents.OccurrenceRecorded(occurrence, occurrence.At))
            .Apply(new AlertJournalEvents.Fired(occurrence.At, 1));
        var legacy = Sys.ActorOf(
            Props.Create(() => new EarlierVersionAlert(AlertEntity.PersistenceIdPrefix + Key, snapshot))
        );
        legacy.Tell("trim");
        ExpectMsg("trimmed");
        foreach (var id in new[] { "old-2", "old-3" })
        {
            legacy.Tell(new AlertJournalEvents.OccurrenceRecorded(Trigger(id).Occurrence, occurrence.At));
            ExpectMsg("written");
        }
        Watch(legacy);
        Sys.Stop(legacy);
        ExpectTerminated(legacy);

        var legacySnapshots = new LegacySnapshots();
        var first = Sys.ActorOf(
            AlertEntity.Props(Key, _dispatcher.Ref, _settings, NoSilences.Instance, null, legacySnapshots)
        );
        Watch(first);
        ExpectTerminated(first); // its journal alone would lose old-1: the recovery fails instead
        Assert.True(legacySnapshots.Contains(Key));

        var second = Sys.ActorOf(
            AlertEntity.Props(Key, _dispatcher.Ref, _settings, NoSilences.Instance, null, legacySnapshots)
        );
        var state = AlertOf(second);
        Assert.Equal((3L, AlertStatus.Firing), (state.Occurrences, state.Status));
        second.Tell(Trigger("old-1"));
        Assert.True(ExpectMsg<AlertReplies.OccurrenceAccepted>().Duplicate);
    }

    /// <summary>Writes an alert's journal as versions before checkpoints did: a snapshot in the snapshot store, the
    /// events before it deleted.</summary>
    private sealed class EarlierVersionAlert : ReceivePersistentActor
    {
        private IActorRef _replyTo = ActorRefs.Nobody;

        public EarlierVersionAlert(string persistenceId, AlertState snapshot)
        {
            PersistenceId = persistenceId;
            Recover<object>(_ => { });
            Command<string>(_ =>
            {
                _replyTo = Sender;
                var at = snapshot.FirstSeen!.Value;
                PersistAll(
                    new IAlertJournalEvent[]
                    {
                        new AlertJournalEvents.Notified(at, "1"),
                        new AlertJournalEvents.Notified(at, "2"),
                        new AlertJournalEvents.Notified(at, "3"),
                    },
                    e =>
                    {
                        if (LastSequenceNr == 3)
                            SaveSnapshot(snapshot);
                    }
                );
            });
            Command<SaveSnapshotSuccess>(_ => DeleteMessages(3));
            Command<DeleteMessagesSuccess>(_ => _replyTo.Tell("trimmed"));
            Command<AlertJournalEvents.OccurrenceRecorded>(e =>
            {
                var sender = Sender;
                Persist(e, _ => sender.Tell("written"));
            });
        }

        public override string PersistenceId { get; }
    }

    private long LowestStoredSequenceNr() =>
        (long)
            Scalar("SELECT COALESCE(MIN(sequence_number), 0) FROM journal WHERE persistence_id = $p AND deleted = 0")!;

    /// <summary>
    /// Starts the entity and sends it <paramref name="count"/> triggers of one hot key (<c>hot-0</c>, <c>hot-1</c>,
    /// ...): its answers in order, and the journal writes that covered them.
    /// </summary>
    private (
        IActorRef Entity,
        List<AlertReplies.OccurrenceAccepted> Accepted,
        List<AlertWriteCompleted> Writes
    ) SendHotOccurrences(int count)
    {
        var writes = CreateTestProbe();
        Sys.EventStream.Subscribe(writes.Ref, typeof(AlertWriteCompleted));
        var entity = StartEntity();
        for (var i = 0; i < count; i++)
            entity.Tell(Trigger($"hot-{i}"));

        var accepted = ReceiveN(count, TimeSpan.FromSeconds(30)).Cast<AlertReplies.OccurrenceAccepted>().ToList();
        var batches = new List<AlertWriteCompleted>();
        while (batches.Sum(b => b.Commands) < count)
            batches.Add(writes.ExpectMsg<AlertWriteCompleted>());
        return (entity, accepted, batches);
    }
}
