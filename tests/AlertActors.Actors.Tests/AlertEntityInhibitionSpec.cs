using Akka.Actor;
using Akka.TestKit;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Inhibition;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Inhibition;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules.Conditions;
using AlertActors.Domain.Silences;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The alert entity under inhibit rules, on a real journal: an inhibited target records but sends nothing, is released
/// by a wake once its source is gone (also after a restart), and a source reports itself as it fires and resolves.
/// </summary>
public sealed class AlertEntityInhibitionSpec : AlertEntitySpec
{
    private const string Source = "site-a:site.down:a";

    /// <summary>site.down inhibits the spec's alert (dhcp.lease.rogue_mac) on the same tenant.</summary>
    private static readonly InhibitRules Rules = new([
        new InhibitRule(
            FieldCondition.Create("type", FieldOperator.Eq, ConditionValue.Of("site.down")),
            FieldCondition.Create("type", FieldOperator.Eq, ConditionValue.Of("dhcp.lease.rogue_mac")),
            ["tenant"]
        ),
    ]);

    private static readonly InhibitionSources SourceFiring = InhibitionSources.Empty.With(
        Source,
        Rules.SourceKeysOf(
            AlertState.Empty(Source) with
            {
                Status = AlertStatus.Firing,
                Type = "site.down",
                Tenant = "site-a",
            }
        ),
        1
    );

    private IActorRef StartEntity(InhibitionCache cache) =>
        Sys.ActorOf(AlertEntity.Props(Key, _dispatcher.Ref, _settings, NoSilences.Instance, null, null, cache));

    private static InhibitionCache CacheWith(InhibitionSources? sources)
    {
        var cache = new InhibitionCache(Rules);
        if (sources is not null)
            cache.Update(sources, out _);
        return cache;
    }

    private void Record(IActorRef entity, AlertCommands.RecordOccurrence command)
    {
        entity.Tell(command);
        ExpectMsg<AlertReplies.OccurrenceAccepted>();
    }

    private void StopEntity(IActorRef entity)
    {
        Watch(entity);
        entity.Tell(AlertEntity.Stop.Instance);
        ExpectTerminated(entity);
    }

    [Fact]
    public void An_inhibited_target_records_sends_nothing_and_pages_once_when_woken_after_its_source_is_gone()
    {
        var cache = CacheWith(SourceFiring);
        var entity = StartEntity(cache);

        Record(entity, Trigger("e1"));
        Record(entity, Trigger("e2"));

        _dispatcher.ExpectNoMsg(NoMessage);
        var inhibited = AlertOf(entity);
        Assert.Equal(
            (AlertStatus.Firing, Source, 2L),
            (inhibited.Status, inhibited.InhibitedBy, inhibited.Occurrences)
        );
        Assert.Contains(inhibited.Timeline, t => t.Note == $"inhibited by {Source}");

        cache.Update(InhibitionSources.Empty with { Version = 2 }, out _);
        entity.Tell(new AlertCommands.Wake(Key));

        var calls = AnswerAll(entity, 2);
        Assert.All(calls, c => Assert.Equal(NotificationAction.Trigger, c.Request.Action));
        entity.Tell(new AlertCommands.Wake(Key));
        Scheduler.Advance(_settings.SilenceCheckInterval);
        _dispatcher.ExpectNoMsg(NoMessage);
        Assert.Null(AlertOf(entity).InhibitedBy);
    }

    [Fact]
    public void After_a_restart_an_inhibited_target_stays_held_until_its_source_is_known_gone_then_pages()
    {
        var entity = StartEntity(CacheWith(SourceFiring));
        Record(entity, Trigger("e1"));
        StopEntity(entity);

        // The node came back and does not know the sources yet: the notification stays held.
        var cache = CacheWith(null);
        entity = StartEntity(cache);
        entity.Tell(new AlertCommands.Wake(Key));
        _dispatcher.ExpectNoMsg(NoMessage);
        Assert.Equal(Source, AlertOf(entity).InhibitedBy);

        // The registry's set arrives, the source resolved meanwhile: the periodic look releases it.
        cache.Update(InhibitionSources.Empty with { Version = 2 }, out _);
        Scheduler.Advance(_settings.SilenceCheckInterval);
        var calls = AnswerAll(entity, 2);
        Assert.All(calls, c => Assert.Equal(NotificationAction.Trigger, c.Request.Action));
    }

    [Fact]
    public void A_target_that_resolves_while_inhibited_sends_nothing()
    {
        var entity = StartEntity(CacheWith(SourceFiring));
        Record(entity, Trigger("e1"));
        Record(entity, Resolve("r1"));

        _dispatcher.ExpectNoMsg(NoMessage);
        var resolved = AlertOf(entity);
        Assert.Equal((AlertStatus.Resolved, null), (resolved.Status, resolved.InhibitedBy));
    }

    [Fact]
    public void A_source_reports_itself_when_it_fires_and_when_it_resolves()
    {
        var sourceRules = new InhibitRules([
            new InhibitRule(
                FieldCondition.Create("type", FieldOperator.Eq, ConditionValue.Of("dhcp.lease.rogue_mac")),
                FieldCondition.Create("type", FieldOperator.Eq, ConditionValue.Of("disk.full")),
                ["tenant"]
            ),
        ]);
        var reports = CreateTestProbe();
        Sys.EventStream.Subscribe(reports.Ref, typeof(InhibitionSourceChanged));
        var entity = Sys.ActorOf(
            AlertEntity.Props(Key, _dispatcher.Ref, _settings, NoSilences.Instance, null, null, new(sourceRules))
        );

        Record(entity, Trigger("e1"));
        var firing = reports.ExpectMsg<InhibitionSourceChanged>();
        Assert.Equal((Key, new InhibitionKey(0, "site-a", false)), (firing.DedupKey, Assert.Single(firing.Keys)));
        AnswerAll(entity, 2);
        Record(entity, Trigger("e2"));
        reports.ExpectNoMsg(NoMessage);

        entity.Tell(new AlertCommands.Resolve(Key, "alice", null));
        ExpectMsg<AlertReplies.AlertView>();
        Assert.Empty(reports.ExpectMsg<InhibitionSourceChanged>().Keys);
    }
}
