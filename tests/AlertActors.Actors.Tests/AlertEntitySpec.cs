using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Delivery;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The alert entity on a real SQLite journal, with a probe in place of the node's notification dispatcher
/// and virtual time for its redelivery timers.
/// </summary>
public sealed class AlertEntitySpec : SqliteJournalSpec
{
    private const string Key = "site-a:dhcp.lease.rogue_mac:aa:bb";
    private static readonly TimeSpan NoMessage = TimeSpan.FromMilliseconds(300);
    private readonly TestProbe _dispatcher;
    private readonly AlertEntitySettings _settings = new() { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromMinutes(1) };

    public AlertEntitySpec()
    {
        _dispatcher = CreateTestProbe("dispatcher");
    }

    [Fact]
    public void A_trigger_is_acknowledged_after_the_write_and_sent_to_every_provider_once()
    {
        var entity = StartEntity();

        entity.Tell(Trigger("e1"));
        Assert.False(ExpectMsg<AlertReplies.OccurrenceAccepted>().Duplicate);
        var sent = _dispatcher.ReceiveN(2).Cast<Deliver>().OrderBy(d => d.Number).ToList();
        Assert.Equal([(1L, ProviderNames.PagerDuty), (2L, ProviderNames.OpsGenie)], sent.Select(d => (d.Number, d.Provider)));
        Assert.All(sent, d => Assert.Equal(NotificationAction.Trigger, d.Request.Action));

        entity.Tell(Trigger("e2"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        entity.Tell(Trigger("e2"));
        Assert.True(ExpectMsg<AlertReplies.OccurrenceAccepted>().Duplicate);
        _dispatcher.ExpectNoMsg(NoMessage);

        Answer(entity, 1, ProviderNames.PagerDuty, DeliveryOutcomeKind.Delivered);
        Answer(entity, 2, ProviderNames.OpsGenie, DeliveryOutcomeKind.Delivered);
        var state = AlertOf(entity);
        Assert.Equal(AlertStatus.Firing, state.Status);
        Assert.Equal(2, state.Occurrences);
        Assert.All(state.Deliveries, d => Assert.Equal(DeliveryStatus.Delivered, d.Status));
    }

    [Fact]
    public void A_resolve_never_overtakes_its_trigger_at_the_same_provider()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        _dispatcher.ReceiveN(2);

        entity.Tell(new AlertCommands.Resolve(Key, "alice", "fixed"));
        Assert.Equal(AlertStatus.Resolved, ExpectMsg<AlertReplies.AlertView>().State.Status);
        _dispatcher.ExpectNoMsg(NoMessage);

        // OpsGenie confirms its trigger: its close may go; PagerDuty's trigger is still unconfirmed.
        Answer(entity, 2, ProviderNames.OpsGenie, DeliveryOutcomeKind.Delivered);
        var close = _dispatcher.ExpectMsg<Deliver>();
        Assert.Equal((4L, ProviderNames.OpsGenie, NotificationAction.Resolve), (close.Number, close.Provider, close.Request.Action));
        _dispatcher.ExpectNoMsg(NoMessage);

        Answer(entity, 1, ProviderNames.PagerDuty, DeliveryOutcomeKind.Delivered);
        var resolve = _dispatcher.ExpectMsg<Deliver>();
        Assert.Equal((3L, ProviderNames.PagerDuty, NotificationAction.Resolve), (resolve.Number, resolve.Provider, resolve.Request.Action));
        Assert.Equal("alice", resolve.Request.By);
    }

    [Fact]
    public void A_retryable_failure_is_redelivered_after_the_backoff_in_virtual_time()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1", [ProviderNames.PagerDuty]));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        _dispatcher.ExpectMsg<Deliver>();

        Answer(entity, 1, ProviderNames.PagerDuty, DeliveryOutcomeKind.Retryable, retryAfter: TimeSpan.FromSeconds(5));
        AwaitAssert(() => Assert.Equal(1, AlertOf(entity).Deliveries[0].Attempts));
        Scheduler.Advance(TimeSpan.FromSeconds(4));
        _dispatcher.ExpectNoMsg(NoMessage);
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _dispatcher.ExpectMsg<Deliver>().Number);

        Answer(entity, 1, ProviderNames.PagerDuty, DeliveryOutcomeKind.Delivered);
        var delivery = AlertOf(entity).Deliveries.Single();
        Assert.Equal(DeliveryStatus.Delivered, delivery.Status);
        Assert.Equal(2, delivery.Attempts);
    }

    [Fact]
    public void A_delivery_that_goes_dead_is_logged_as_a_warning_with_its_provider_key_and_reason()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1", [ProviderNames.PagerDuty]));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        _dispatcher.ExpectMsg<Deliver>();

        EventFilter.Warning(contains: $"pagerduty trigger delivery 1 of {Key} is dead after 1 attempt(s): test").ExpectOne(() =>
            Answer(entity, 1, ProviderNames.PagerDuty, DeliveryOutcomeKind.Permanent));
        Assert.Equal(DeliveryStatus.Dead, AlertOf(entity).Deliveries.Single().Status);
    }

    [Fact]
    public void After_a_restart_the_state_is_recovered_and_unconfirmed_deliveries_are_sent_again()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        _dispatcher.ReceiveN(2);
        Answer(entity, 2, ProviderNames.OpsGenie, DeliveryOutcomeKind.Delivered);
        AwaitAssert(() => Assert.Equal(DeliveryStatus.Delivered, AlertOf(entity).Deliveries[1].Status));

        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        var recovered = StartEntity();
        var resent = _dispatcher.ExpectMsg<Deliver>();
        Assert.Equal((1L, ProviderNames.PagerDuty, NotificationAction.Trigger), (resent.Number, resent.Provider, resent.Request.Action));
        _dispatcher.ExpectNoMsg(NoMessage);

        var state = AlertOf(recovered);
        Assert.Equal(AlertStatus.Firing, state.Status);
        Assert.Equal(1, state.Occurrences);
        recovered.Tell(Trigger("e1"));
        Assert.True(ExpectMsg<AlertReplies.OccurrenceAccepted>().Duplicate);
    }

    [Fact]
    public void Without_occurrences_for_auto_resolve_after_the_alert_resolves_itself_in_virtual_time()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1", policy: Policy(autoResolveMinutes: 30)));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        AnswerAll(entity, 2);

        Scheduler.Advance(TimeSpan.FromMinutes(29));
        _dispatcher.ExpectNoMsg(NoMessage);
        Scheduler.Advance(TimeSpan.FromMinutes(1));

        var resolves = _dispatcher.ReceiveN(2).Cast<Deliver>().ToList();
        Assert.All(resolves, d => Assert.Equal(NotificationAction.Resolve, d.Request.Action));
        var state = AlertOf(entity);
        Assert.Equal((AlertStatus.Resolved, AlertState.AutoResolver), (state.Status, state.ResolvedBy));
    }

    [Fact]
    public void An_auto_resolve_that_fell_due_while_the_entity_was_down_fires_on_recovery()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1", policy: Policy(autoResolveMinutes: 30)));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        AnswerAll(entity, 2);
        AwaitAssert(() => Assert.DoesNotContain(AlertOf(entity).Deliveries, d => d.IsPending));
        Watch(entity);
        entity.Tell(PoisonPill.Instance);
        ExpectTerminated(entity);

        Scheduler.Advance(TimeSpan.FromMinutes(45));
        var recovered = StartEntity();

        var resolves = _dispatcher.ReceiveN(2).Cast<Deliver>().ToList();
        Assert.All(resolves, d => Assert.Equal(NotificationAction.Resolve, d.Request.Action));
        Assert.Equal(AlertStatus.Resolved, AlertOf(recovered).Status);
    }

    [Fact]
    public void A_repeat_notification_goes_out_every_repeat_interval_until_acknowledged()
    {
        var entity = StartEntity();
        entity.Tell(Trigger("e1", policy: Policy(repeatMinutes: 60, autoResolveMinutes: 0)));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        AnswerAll(entity, 2);

        Scheduler.Advance(TimeSpan.FromMinutes(60));
        Assert.All(AnswerAll(entity, 2), d => Assert.Equal(NotificationAction.Trigger, d.Request.Action));

        entity.Tell(new AlertCommands.Acknowledge(Key, "alice", null));
        ExpectMsg<AlertReplies.AlertView>();
        Assert.All(AnswerAll(entity, 2), d => Assert.Equal(NotificationAction.Acknowledge, d.Request.Action));
        Scheduler.Advance(TimeSpan.FromMinutes(120));
        _dispatcher.ExpectNoMsg(NoMessage);
    }

    [Fact]
    public void Occurrences_of_a_hot_key_are_coalesced_into_fewer_writes_and_each_is_acknowledged_after_its_write()
    {
        const int count = 200;
        var writes = CreateTestProbe();
        Sys.EventStream.Subscribe(writes.Ref, typeof(AlertWriteCompleted));
        var entity = StartEntity();

        for (var i = 0; i < count; i++) entity.Tell(Trigger($"hot-{i}"));

        var acknowledged = ReceiveN(count, TimeSpan.FromSeconds(30)).Cast<AlertReplies.OccurrenceAccepted>().ToList();
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"hot-{i}"), acknowledged.Select(a => a.EventId));
        Assert.DoesNotContain(acknowledged, a => a.Duplicate);

        var batches = new List<AlertWriteCompleted>();
        while (batches.Sum(b => b.Commands) < count) batches.Add(writes.ExpectMsg<AlertWriteCompleted>());
        Assert.True(batches.Count < count / 4, $"{batches.Count} journal writes for {count} occurrences");
        Assert.Equal(count, AlertOf(entity).Occurrences);
    }

    [Fact]
    public void Every_write_is_one_journal_row_however_many_occurrences_it_covers_and_recovery_still_counts_every_one()
    {
        const int count = 200;
        var writes = CreateTestProbe();
        Sys.EventStream.Subscribe(writes.Ref, typeof(AlertWriteCompleted));
        var entity = StartEntity();

        for (var i = 0; i < count; i++) entity.Tell(Trigger($"hot-{i}"));
        ReceiveN(count, TimeSpan.FromSeconds(30));
        var batches = new List<AlertWriteCompleted>();
        while (batches.Sum(b => b.Commands) < count) batches.Add(writes.ExpectMsg<AlertWriteCompleted>());

        // The first write holds the occurrence, the firing, the notification and two deliveries: one row.
        Assert.Equal(5, batches[0].Events);
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
        entity.Tell(new AlertCommands.RecordOccurrences(Key, [.. batch]));

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

        entity.Tell(new AlertCommands.RecordOccurrences(Key, [Trigger("seen-1"), Trigger("new-2"), Trigger("new-3")]));

        var answer = ExpectMsg<AlertReplies.OccurrenceAccepted>();
        Assert.True(answer.WasDuplicate("seen-1"));
        Assert.False(answer.WasDuplicate("new-2"));
        Assert.False(answer.WasDuplicate("new-3"));
        entity.Tell(Trigger("new-4"));
        Assert.Equal([], ExpectMsg<AlertReplies.OccurrenceAccepted>().DuplicateEventIds ?? []);
    }

    [Fact]
    public void A_silenced_alert_notifies_nothing_until_the_silence_is_expired_and_then_pages_within_the_check_interval()
    {
        var silences = new SwitchableSilences
        {
            Current = new Silence("maint", [], DateTimeOffset.MinValue, DateTimeOffset.MaxValue, "alice", "maintenance"),
        };
        var entity = StartEntity(silences);
        entity.Tell(Trigger("e1"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        entity.Tell(Trigger("e2"));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        _dispatcher.ExpectNoMsg(NoMessage);
        var silenced = AlertOf(entity);
        Assert.Equal((AlertStatus.Firing, "maint", 2L), (silenced.Status, silenced.SilencedBy, silenced.Occurrences));

        silences.Current = null;
        Scheduler.Advance(TimeSpan.FromSeconds(30));

        var triggers = _dispatcher.ReceiveN(2).Cast<Deliver>().ToList();
        Assert.All(triggers, d => Assert.Equal(NotificationAction.Trigger, d.Request.Action));
        Assert.Null(AlertOf(entity).SilencedBy);
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
        AwaitAssert(() => Assert.True(LowestStoredSequenceNr() > 10, $"lowest stored event is {LowestStoredSequenceNr()}"), TimeSpan.FromSeconds(10));
        Assert.Equal("alert.checkpoint", Scalar("SELECT manifest FROM journal WHERE persistence_id = $p AND deleted = 0 ORDER BY sequence_number LIMIT 1"));
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
        // As the earlier version left it: three events, a snapshot of the state at 3, the events before it deleted, two more after it.
        var occurrence = Trigger("old-1").Occurrence;
        var snapshot = AlertState.Empty(Key).Apply(new AlertEvents.OccurrenceRecorded(occurrence, occurrence.At)).Apply(new AlertEvents.Fired(occurrence.At, 1));
        var legacy = Sys.ActorOf(Props.Create(() => new EarlierVersionAlert(AlertEntity.PersistenceIdPrefix + Key, snapshot)));
        legacy.Tell("trim");
        ExpectMsg("trimmed");
        foreach (var id in new[] { "old-2", "old-3" })
        {
            legacy.Tell(new AlertEvents.OccurrenceRecorded(Trigger(id).Occurrence, occurrence.At));
            ExpectMsg("written");
        }
        Watch(legacy);
        Sys.Stop(legacy);
        ExpectTerminated(legacy);

        var legacySnapshots = new LegacySnapshots();
        var first = Sys.ActorOf(AlertEntity.Props(Key, _dispatcher.Ref, _settings, NoSilences.Instance, null, legacySnapshots));
        Watch(first);
        ExpectTerminated(first); // its journal alone would lose old-1: the recovery fails instead
        Assert.True(legacySnapshots.Contains(Key));

        var second = Sys.ActorOf(AlertEntity.Props(Key, _dispatcher.Ref, _settings, NoSilences.Instance, null, legacySnapshots));
        var state = AlertOf(second);
        Assert.Equal((3L, AlertStatus.Firing), (state.Occurrences, state.Status));
        second.Tell(Trigger("old-1"));
        Assert.True(ExpectMsg<AlertReplies.OccurrenceAccepted>().Duplicate);
    }

    /// <summary>Writes an alert's journal as versions before checkpoints did: a snapshot in the snapshot store, the events before it deleted.</summary>
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
                PersistAll(new IAlertEvent[] { new AlertEvents.Notified(at, "1"), new AlertEvents.Notified(at, "2"), new AlertEvents.Notified(at, "3") },
                    e => { if (LastSequenceNr == 3) SaveSnapshot(snapshot); });
            });
            Command<SaveSnapshotSuccess>(_ => DeleteMessages(3));
            Command<DeleteMessagesSuccess>(_ => _replyTo.Tell("trimmed"));
            Command<AlertEvents.OccurrenceRecorded>(e =>
            {
                var sender = Sender;
                Persist(e, _ => sender.Tell("written"));
            });
        }

        public override string PersistenceId { get; }
    }

    private object? Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataDirectory, "alertactors.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", AlertEntity.PersistenceIdPrefix + Key);
        return command.ExecuteScalar();
    }

    private long LowestStoredSequenceNr()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataDirectory, "alertactors.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MIN(sequence_number), 0) FROM journal WHERE persistence_id = $p AND deleted = 0";
        command.Parameters.AddWithValue("$p", AlertEntity.PersistenceIdPrefix + Key);
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void Below_the_threshold_nothing_is_sent_and_old_occurrences_slide_out_of_the_window()
    {
        var policy = AlertPolicy.Default with { ThresholdCount = 3, ThresholdWindow = TimeSpan.FromMinutes(1) };
        var entity = StartEntity();
        Record(entity, "t1", policy);
        Record(entity, "t2", policy);
        Scheduler.Advance(TimeSpan.FromSeconds(61));
        Record(entity, "t3", policy);
        _dispatcher.ExpectNoMsg(NoMessage);
        Assert.Equal(AlertStatus.Pending, AlertOf(entity).Status);

        Record(entity, "t4", policy);
        Record(entity, "t5", policy);

        Assert.All(_dispatcher.ReceiveN(2).Cast<Deliver>(), d => Assert.Equal(NotificationAction.Trigger, d.Request.Action));
        Assert.Equal(AlertStatus.Firing, AlertOf(entity).Status);
    }

    [Fact]
    public void A_retrigger_inside_the_cooldown_is_held_and_sent_when_the_cooldown_ends()
    {
        var entity = StartEntity();
        Record(entity, "c1", AlertPolicy.Default);
        AnswerAll(entity, 2);
        entity.Tell(new AlertCommands.Resolve(Key, "alice", null));
        ExpectMsg<AlertReplies.AlertView>();
        AnswerAll(entity, 2);

        Scheduler.Advance(TimeSpan.FromMinutes(1));
        Record(entity, "c2", AlertPolicy.Default);
        _dispatcher.ExpectNoMsg(NoMessage);
        Assert.Equal((AlertStatus.Firing, 1L), (AlertOf(entity).Status, AlertOf(entity).Suppressed));

        Scheduler.Advance(TimeSpan.FromMinutes(4));
        Assert.All(AnswerAll(entity, 2), d => Assert.Equal(NotificationAction.Trigger, d.Request.Action));
    }

    [Fact]
    public void An_idle_open_alert_asks_its_shard_to_passivate_it_but_not_while_a_delivery_is_pending()
    {
        var parent = CreateTestProbe();
        var settings = _settings with { PassivateIdleAfter = TimeSpan.FromMinutes(2) };
        var entity = parent.ChildActorOf(AlertEntity.Props(Key, _dispatcher.Ref, settings, NoSilences.Instance));
        entity.Tell(Trigger("p1", policy: Policy(repeatMinutes: 0, autoResolveMinutes: 30)));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
        var calls = _dispatcher.ReceiveN(2).Cast<Deliver>().ToList();
        Answer(entity, calls[0].Number, calls[0].Provider, DeliveryOutcomeKind.Delivered);
        _dispatcher.ExpectNoMsg(NoMessage);

        Scheduler.Advance(TimeSpan.FromMinutes(3));
        parent.ExpectNoMsg(NoMessage); // a delivery is still pending

        Answer(entity, calls[1].Number, calls[1].Provider, DeliveryOutcomeKind.Delivered);
        AwaitAssert(() => Assert.Equal(2, JournalRows()));
        Scheduler.Advance(TimeSpan.FromMinutes(2));

        // Firing with an auto-resolve timer armed, and still it leaves memory: the due-alert scheduler wakes it.
        parent.ExpectMsg<Akka.Cluster.Sharding.Passivate>();
        entity.Tell(AlertEntity.Stop.Instance);
        Watch(entity);
        ExpectTerminated(entity);
        Assert.Equal(2, JournalRows());
    }

    private void Record(IActorRef entity, string eventId, AlertPolicy policy)
    {
        entity.Tell(Trigger(eventId, policy: policy));
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
    }

    private sealed class SwitchableSilences : ISilenceLookup
    {
        public volatile Silence? Current;

        public Silence? ActiveFor(AlertState alert, DateTimeOffset now) => Current;
    }

    private IActorRef StartEntity(ISilenceLookup? silences = null) =>
        Sys.ActorOf(AlertEntity.Props(Key, _dispatcher.Ref, _settings, silences ?? NoSilences.Instance));

    private static AlertPolicy Policy(int repeatMinutes = 240, int autoResolveMinutes = 30) =>
        AlertPolicy.Default with
        {
            RepeatInterval = TimeSpan.FromMinutes(repeatMinutes),
            AutoResolveAfter = TimeSpan.FromMinutes(autoResolveMinutes),
        };

    /// <summary>Receives the next <paramref name="count"/> deliveries and confirms each.</summary>
    private List<Deliver> AnswerAll(IActorRef entity, int count)
    {
        var deliveries = _dispatcher.ReceiveN(count).Cast<Deliver>().ToList();
        foreach (var d in deliveries) Answer(entity, d.Number, d.Provider, DeliveryOutcomeKind.Delivered);
        return deliveries;
    }

    private static AlertCommands.RecordOccurrence Trigger(string eventId, ImmutableArray<string>? providers = null, AlertPolicy? policy = null) =>
        new(Key, new Occurrence(eventId, new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero), EventAction.Trigger,
            Severity.Critical, "Rogue DHCP lease", "dhcp-watcher/site-a", "dhcp.lease.rogue_mac", "aa:bb", "site-a", "default",
            providers ?? [ProviderNames.PagerDuty, ProviderNames.OpsGenie], Details: null, policy ?? AlertPolicy.Default));

    private static AlertCommands.RecordOccurrence Resolve(string eventId) =>
        Trigger(eventId) is var trigger ? trigger with { Occurrence = trigger.Occurrence with { Action = EventAction.Resolve } } : null!;

    private void Answer(IActorRef entity, long number, string provider, DeliveryOutcomeKind kind, TimeSpan? retryAfter = null) =>
        entity.Tell(new Attempted(number, provider, new DeliveryOutcome(kind, "test", retryAfter)), _dispatcher.Ref);

    /// <summary>Rows the alert's persistence id has in the journal table.</summary>
    private long JournalRows()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataDirectory, "alertactors.db")}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id = $id";
        command.Parameters.AddWithValue("$id", AlertEntity.PersistenceIdPrefix + Key);
        return (long)command.ExecuteScalar()!;
    }

    private AlertState AlertOf(IActorRef entity)
    {
        entity.Tell(new AlertCommands.GetAlert(Key));
        return ExpectMsg<AlertReplies.AlertView>().State;
    }
}
