using System.Collections;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using AlertActors.Actors.Alerts;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;
using AlertActors.Projection;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The persisted alert list on a real SQLite journal: real alert entities write tagged events, the
/// projection folds them into <c>alert_list</c>. Real scheduler here: the read journal polls on its
/// refresh interval, which a virtual scheduler would never tick.
/// </summary>
public sealed class AlertListProjectionSpec : TestKit
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(15);
    private static readonly AlertListProjectorSettings Fast = new()
    {
        BatchWindow = TimeSpan.FromMilliseconds(50),
        MinBackoff = TimeSpan.FromMilliseconds(200),
    };
    private readonly AlertReadStore _store;
    private readonly IActorRef _region;

    public AlertListProjectionSpec()
        : base(ProjectionConfig(AlertEntityTestConfig.NewDirectory()))
    {
        _store = new AlertReadStore(SettingsReader.Read(Sys.Settings.Config).Persistence);
        _region = Sys.ActorOf(Props.Create(() => new EntityRegion(CreateTestProbe("dispatcher").Ref)), "alert-region");
    }

    [Fact]
    public async Task Lists_by_status_and_tenant_newest_first_with_paging_and_total()
    {
        await TriggerAsync("t1:a", "t1");
        await TriggerAsync("t1:b", "t1");
        await TriggerAsync("t2:c", "t2");
        await TriggerAsync("t2:d", "t2", AlertPolicy.Default with { ThresholdCount = 2 });
        _region.Tell(new AlertCommands.Resolve("t2:c", "alice", "fixed"));
        Assert.Equal(AlertStatus.Resolved, (await ExpectMsgAsync<AlertReplies.AlertView>()).State.Status);
        var expected = (await Task.WhenAll(new[] { "t1:a", "t1:b", "t2:c", "t2:d" }.Select(ViewAsync)))
            .OrderByDescending(v => v.State.LastSeen!.Value.ToUnixTimeMilliseconds())
            .ThenBy(v => v.State.DedupKey, StringComparer.Ordinal)
            .Select(v => v.State.DedupKey)
            .ToList();

        StartProjector();

        await AwaitAssertAsync(
            async () =>
            {
                var all = await _store.ListAsync(null, null, 0, 10);
                Assert.Equal(expected, Keys(all));
                Assert.Equal(4, all.Total);
                Assert.Equal(AlertStatus.Resolved, all.Alerts.Single(a => a.DedupKey == "t2:c").Status);
            },
            CatchUp
        );

        var firing = await _store.ListAsync(AlertStatus.Firing, null, 0, 10);
        Assert.Equal(expected.Where(k => k is "t1:a" or "t1:b"), Keys(firing));
        Assert.Equal(2, firing.Total);
        Assert.Equal(["t2:c"], Keys(await _store.ListAsync(AlertStatus.Resolved, null, 0, 10)));
        var pending = await _store.ListAsync(AlertStatus.Pending, "t2", 0, 10);
        Assert.Equal(["t2:d"], Keys(pending));
        Assert.Equal(1, pending.Alerts[0].Occurrences);

        var tenant = await _store.ListAsync(null, "t1", 0, 10);
        Assert.Equal(expected.Where(k => k.StartsWith("t1:", StringComparison.Ordinal)), Keys(tenant));
        Assert.Equal(2, tenant.Total);
        Assert.Empty((await _store.ListAsync(null, "nobody", 0, 10)).Alerts);

        var page = await _store.ListAsync(null, null, 1, 2);
        Assert.Equal(expected.Skip(1).Take(2), Keys(page));
        Assert.Equal(4, page.Total);
        var last = await _store.ListAsync(null, null, 3, 2);
        Assert.Equal(expected.Skip(3), Keys(last));
        Assert.Equal(4, last.Total);
    }

    [Fact]
    public async Task A_restarted_projection_resumes_from_its_stored_offset_without_double_counting()
    {
        const string key = "t1:resume";
        for (var i = 1; i <= 3; i++)
            await TriggerAsync(key, "t1", eventId: $"e{i}");
        var first = await ViewAsync(key);

        var projector = StartProjector();
        await AwaitAssertAsync(async () => Assert.Equal(first.SequenceNr, (await RowAsync(key))?.SequenceNr), CatchUp);
        Assert.Equal(3, (await RowAsync(key))!.State.Occurrences);
        await StopAsync(projector);
        var storedOffset = await _store.LoadOffsetAsync(AlertListProjector.ProjectionName);
        Assert.True(storedOffset > 0);

        for (var i = 4; i <= 5; i++)
            await TriggerAsync(key, "t1", eventId: $"e{i}");
        var second = await ViewAsync(key);
        var batches = CreateTestProbe();
        Sys.EventStream.Subscribe(batches.Ref, typeof(AlertListBatchApplied));
        StartProjector();

        await AwaitAssertAsync(async () => Assert.Equal(second.SequenceNr, (await RowAsync(key))?.SequenceNr), CatchUp);
        var row = (await RowAsync(key))!;
        Assert.Equal(5, row.State.Occurrences);
        Assert.Equal(second.State.Occurrences, row.State.Occurrences);

        // Only the events written after the stored offset were read again: nothing skipped, nothing healed.
        var newEvents = (int)(second.SequenceNr - first.SequenceNr);
        var seen = new List<AlertListBatchApplied>();
        while (seen.Sum(b => b.Applied) < newEvents)
            seen.Add(await batches.ExpectMsgAsync<AlertListBatchApplied>(CatchUp));
        Assert.Equal(newEvents, seen.Sum(b => b.Envelopes));
        Assert.All(seen, b => Assert.Equal((0, 0), (b.Skipped, b.Healed)));
        Assert.True(seen[^1].Offset > storedOffset);
        Assert.True(await _store.LoadOffsetAsync(AlertListProjector.ProjectionName) > storedOffset);
    }

    [Fact]
    public async Task Events_deleted_before_the_projection_saw_them_are_healed_from_the_entity()
    {
        const string gapped = "t1:gap";
        for (var i = 1; i <= 3; i++)
            await TriggerAsync(gapped, "t1", eventId: $"e{i}");
        await TriggerAsync("t1:plain", "t1");
        var view = await ViewAsync(gapped);
        Assert.True(view.SequenceNr > 2);

        // As after a snapshot: every event but the last is deleted from the journal.
        var trimmer = Sys.ActorOf(Props.Create(() => new JournalTrimmer(AlertEntity.PersistenceIdPrefix + gapped)));
        trimmer.Tell(view.SequenceNr - 1);
        await ExpectMsgAsync<DeleteMessagesSuccess>(CatchUp);

        var batches = CreateTestProbe();
        Sys.EventStream.Subscribe(batches.Ref, typeof(AlertListBatchApplied));
        StartProjector();

        await AwaitAssertAsync(
            async () => Assert.Equal(view.SequenceNr, (await RowAsync(gapped))?.SequenceNr),
            CatchUp
        );
        var row = (await RowAsync(gapped))!;
        Assert.Equal(3, row.State.Occurrences);
        Assert.Equal(view.State.Status, row.State.Status);
        Assert.Equal(view.State.Timeline.Count, row.State.Timeline.Count);
        Assert.Equal(1, (await RowAsync("t1:plain"))!.State.Occurrences);

        var healed = 0;
        while (healed == 0)
            healed += (await batches.ExpectMsgAsync<AlertListBatchApplied>(CatchUp)).Healed;
        Assert.Equal(1, healed);
    }

    [Fact]
    public async Task A_row_behind_the_journal_is_healed_and_a_row_already_ahead_is_left_alone()
    {
        const string behind = "t1:behind";
        const string ahead = "t1:ahead";
        for (var i = 1; i <= 3; i++)
            await TriggerAsync(behind, "t1", eventId: $"e{i}");
        var behindView = await ViewAsync(behind);
        await TriggerAsync(ahead, "t1");
        var aheadView = await ViewAsync(ahead);

        // Seed: the projection stopped right after "behind"'s event 2 but its row only holds event 1 (a
        // gap); "ahead" already reflects its whole journal (as after a crash between write and offset).
        var journal = PersistenceQuery.Get(Sys).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var firstTwo = await journal
            .CurrentEventsByPersistenceId(AlertEntity.PersistenceIdPrefix + behind, 1, 2)
            .RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer());
        var afterFirst = AlertState.Empty(behind).Apply((IAlertJournalEvent)firstTwo[0].Event);
        await _store.SaveAsync(
            AlertListProjector.ProjectionName,
            [
                new AlertListRow(behind, 1, afterFirst),
                new AlertListRow(ahead, aheadView.SequenceNr, aheadView.State with { Summary = "seeded" }),
            ],
            ((Sequence)firstTwo[1].Offset).Value
        );

        var batches = CreateTestProbe();
        Sys.EventStream.Subscribe(batches.Ref, typeof(AlertListBatchApplied));
        StartProjector();

        await AwaitAssertAsync(
            async () => Assert.Equal(behindView.SequenceNr, (await RowAsync(behind))?.SequenceNr),
            CatchUp
        );
        Assert.Equal(3, (await RowAsync(behind))!.State.Occurrences);
        var aheadRow = (await RowAsync(ahead))!;
        Assert.Equal((aheadView.SequenceNr, "seeded"), (aheadRow.SequenceNr, aheadRow.State.Summary));

        var seen = new List<AlertListBatchApplied>();
        while (seen.Sum(b => b.Healed) == 0 || seen.Sum(b => b.Skipped) < aheadView.SequenceNr)
            seen.Add(await batches.ExpectMsgAsync<AlertListBatchApplied>(CatchUp));
        Assert.Equal(1, seen.Sum(b => b.Healed));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static ActorSystemSetup ProjectionConfig(string directory) =>
        AlertEntityTestConfig.WithNodeRegistrations(
            ConfigurationFactory
                .ParseString(
                    """
                    akka.loglevel = WARNING
                    akka.persistence.query.journal.sql.refresh-interval = 100ms
                    # Deleted events leave holes in the ordering; the read journal waits max-tries x query-delay on them.
                    akka.persistence.query.journal.sql.journal-sequence-retrieval.query-delay = 50ms
                    """
                )
                .WithFallback(AlertEntityTestConfig.LoadedMachineWaits)
                .WithFallback(AlertEntityTestConfig.NodeConfig(directory))
        );

    private static List<string> Keys(AlertPage page) => page.Alerts.Select(a => a.DedupKey).ToList();

    private IActorRef StartProjector() => Sys.ActorOf(AlertListProjector.Props(_store, _region, Fast));

    private async Task StopAsync(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        await ExpectTerminatedAsync(actor);
    }

    private async Task<AlertListRow?> RowAsync(string key) =>
        (await _store.LoadRowsAsync([key])).GetValueOrDefault(key);

    private async Task<AlertReplies.AlertView> ViewAsync(string key) =>
        await _region.Ask<AlertReplies.AlertView>(new AlertCommands.GetAlert(key), CatchUp);

    private async Task TriggerAsync(string key, string tenant, AlertPolicy? policy = null, string eventId = "e1")
    {
        var occurrence = new Occurrence(
            eventId,
            new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero),
            EventAction.Trigger,
            Severity.Critical,
            "Rogue DHCP lease",
            "dhcp-watcher/site-a",
            "dhcp.lease.rogue_mac",
            key,
            tenant,
            "default",
            ImmutableArray.Create(ProviderNames.PagerDuty),
            Details: null,
            policy ?? AlertPolicy.Default
        );
        await _region.Ask<AlertReplies.OccurrenceAccepted>(
            new AlertCommands.RecordOccurrence(key, occurrence),
            CatchUp
        );
    }

    /// <summary>Stands in for the shard region: one real <see cref="AlertEntity"/> per dedup key.</summary>
    private sealed class EntityRegion : ReceiveActor
    {
        public EntityRegion(IActorRef dispatcher)
        {
            Receive<Passivate>(_ => { });
            Receive<IWithDedupKey>(message =>
            {
                var name = Uri.EscapeDataString(message.DedupKey);
                var entity = Context.Child(name);
                if (entity.IsNobody())
                    entity = Context.ActorOf(
                        AlertEntity.Props(message.DedupKey, dispatcher, new AlertEntitySettings(), NoSilences.Instance),
                        name
                    );
                entity.Forward(message);
            });
        }
    }

    /// <summary>Deletes journal events of one persistence id, as the entity does after a snapshot.</summary>
    private sealed class JournalTrimmer : ReceivePersistentActor
    {
        private IActorRef _replyTo = ActorRefs.Nobody;

        public JournalTrimmer(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<object>(_ => { });
            Command<long>(toSequenceNr =>
            {
                _replyTo = Sender;
                DeleteMessages(toSequenceNr);
            });
            Command<DeleteMessagesSuccess>(success => _replyTo.Tell(success));
            Command<DeleteMessagesFailure>(failure => _replyTo.Tell(failure));
        }

        public override string PersistenceId { get; }
    }
}
