using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using AlertActors.Actors.Silences;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Silences;
using static AlertActors.Domain.Silences.SilenceCommands;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The silence registry on a real SQLite journal with a probe in place of the DistributedPubSub mediator,
/// and a node's subscriber + cache with probes for the mediator and the registry. Virtual time throughout.
/// </summary>
public sealed class SilenceRegistrySpec : TestKit
{
    private static readonly SilenceSettings Settings = new()
    {
        Retention = TimeSpan.FromHours(24),
        PruneInterval = TimeSpan.FromMinutes(10),
        RefreshInterval = TimeSpan.FromSeconds(30),
        SnapshotEvery = 2,
    };

    private static readonly AlertState Alert = AlertState.Empty("site-a:dns.lookup.failed:ns1") with
    {
        Tenant = "site-a",
        Type = "dns.lookup.failed",
        Subject = "ns1",
    };

    private readonly TestProbe _mediator;

    public SilenceRegistrySpec()
        : base(AlertEntityTestConfig.ForDirectory(AlertEntityTestConfig.NewDirectory()))
    {
        _mediator = CreateTestProbe("mediator");
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private DateTimeOffset VirtualNow => Scheduler.Now;

    [Fact]
    public void A_created_silence_is_stored_answered_and_published_as_the_whole_set()
    {
        var registry = StartRegistry();
        var silence = NewSilence("s1", TimeSpan.FromHours(2));

        registry.Tell(new CreateSilence(silence));
        Assert.Equal(silence, ExpectMsg<SilenceReplies.Created>().Silence);
        var published = ExpectPublished();
        Assert.Equal(silence, Assert.Single(published.Silences));
        Assert.Equal(1, published.Version);
        Assert.Equal("s1", published.ActiveFor(Alert, VirtualNow)?.Id);

        registry.Tell(GetSilences.Instance);
        Assert.Equal(published, ExpectMsg<SilenceSet>());
    }

    [Fact]
    public void The_same_id_is_answered_again_for_the_same_silence_and_refused_for_another()
    {
        var registry = StartRegistry();
        var silence = NewSilence("s1", TimeSpan.FromHours(2));
        registry.Tell(new CreateSilence(silence));
        ExpectMsg<SilenceReplies.Created>();
        ExpectPublished();

        registry.Tell(new CreateSilence(silence));
        ExpectMsg<SilenceReplies.Created>();
        registry.Tell(new CreateSilence(silence with { Comment = "other" }));
        Assert.Contains("already exists", ExpectMsg<SilenceReplies.Rejected>().Reason);
        registry.Tell(new CreateSilence(silence with { Id = "s2", EndsAt = silence.StartsAt }));
        ExpectMsg<SilenceReplies.Rejected>();
        _mediator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Expiring_ends_the_silence_now_and_is_idempotent()
    {
        var registry = StartRegistry();
        registry.Tell(new CreateSilence(NewSilence("s1", TimeSpan.FromHours(2))));
        ExpectMsg<SilenceReplies.Created>();
        ExpectPublished();
        Scheduler.Advance(TimeSpan.FromMinutes(5));

        registry.Tell(new ExpireSilence("s1"));
        var expired = ExpectMsg<SilenceReplies.Expired>().Silence;
        Assert.Equal(VirtualNow, expired.EndsAt);
        Assert.Equal(SilenceStatus.Expired, expired.StatusAt(VirtualNow));
        var published = ExpectPublished();
        Assert.Equal(2, published.Version);
        Assert.Null(published.ActiveFor(Alert, VirtualNow));

        Scheduler.Advance(TimeSpan.FromMinutes(1));
        registry.Tell(new ExpireSilence("s1"));
        Assert.Equal(expired, ExpectMsg<SilenceReplies.Expired>().Silence);
        registry.Tell(new ExpireSilence("nope"));
        Assert.Equal("nope", ExpectMsg<SilenceReplies.NotFound>().Id);
        _mediator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Expiring_a_pending_silence_means_it_never_starts()
    {
        var registry = StartRegistry();
        var pending = NewSilence("later", TimeSpan.FromHours(2)) with
        {
            StartsAt = VirtualNow.AddHours(1),
            EndsAt = VirtualNow.AddHours(3),
        };
        registry.Tell(new CreateSilence(pending));
        ExpectMsg<SilenceReplies.Created>();
        registry.Tell(new ExpireSilence("later"));
        var expired = ExpectMsg<SilenceReplies.Expired>().Silence;
        Assert.Equal((VirtualNow, VirtualNow), (expired.StartsAt, expired.EndsAt));
    }

    [Fact]
    public void The_set_survives_a_restart_from_snapshot_and_events_and_is_published_on_recovery()
    {
        var registry = StartRegistry();
        foreach (var id in new[] { "s1", "s2", "s3" })
        {
            registry.Tell(new CreateSilence(NewSilence(id, TimeSpan.FromHours(2))));
            ExpectMsg<SilenceReplies.Created>();
        }
        registry.Tell(new ExpireSilence("s2"));
        ExpectMsg<SilenceReplies.Expired>();
        registry.Tell(GetSilences.Instance);
        var before = ExpectMsg<SilenceSet>();
        Assert.Equal(4, before.Version);

        Stop(registry);
        _mediator.ReceiveWhile<object>(TimeSpan.FromMilliseconds(300), m => m);
        var restarted = StartRegistry(out var recovered);
        Assert.Equal(before, recovered);
        restarted.Tell(GetSilences.Instance);
        var after = ExpectMsg<SilenceSet>();
        Assert.Equal(before, after);
        Assert.Equal(SilenceStatus.Expired, after.Find("s2")!.StatusAt(VirtualNow));
        Assert.Contains(after.ActiveFor(Alert, VirtualNow)?.Id, new[] { "s1", "s3" });
    }

    [Fact]
    public void Silences_that_ended_longer_ago_than_the_retention_are_pruned()
    {
        var registry = StartRegistry();
        registry.Tell(new CreateSilence(NewSilence("short", TimeSpan.FromHours(1))));
        ExpectMsg<SilenceReplies.Created>();
        registry.Tell(new CreateSilence(NewSilence("long", TimeSpan.FromDays(3))));
        ExpectMsg<SilenceReplies.Created>();
        _mediator.ReceiveN(2);

        Scheduler.Advance(TimeSpan.FromHours(24));
        registry.Tell(GetSilences.Instance);
        Assert.Equal(2, ExpectMsg<SilenceSet>().Count);

        Scheduler.Advance(TimeSpan.FromHours(1) + Settings.PruneInterval);
        var pruned = ExpectPublished();
        Assert.Equal(["long"], pruned.Silences.Select(s => s.Id));

        Stop(registry);
        _mediator.ReceiveWhile<object>(TimeSpan.FromMilliseconds(300), m => m);
        StartRegistry(out var recovered);
        Assert.Equal(["long"], recovered.Silences.Select(s => s.Id));
    }

    [Fact]
    public void The_cache_takes_newer_sets_and_ignores_older_ones_unless_forced()
    {
        var cache = new SilenceCache();
        var v2 = SetOf(2, NewSilence("a", TimeSpan.FromHours(1)));
        var v1 = SetOf(1);
        Assert.Null(cache.ActiveFor(Alert, VirtualNow));

        Assert.True(cache.Update(v2));
        Assert.Equal("a", cache.ActiveFor(Alert, VirtualNow)?.Id);
        Assert.False(cache.Update(v1));
        Assert.Same(v2, cache.Current);
        Assert.True(cache.Update(v2 with { Silences = [] }));
        Assert.True(cache.Update(v1, force: true));
        Assert.Same(v1, cache.Current);
    }

    [Fact]
    public void A_node_subscribes_pulls_at_start_and_every_interval_and_follows_publications()
    {
        var registry = CreateTestProbe("registry");
        var cache = new SilenceCache();
        var subscriber = Sys.ActorOf(SilenceSubscriber.Props(_mediator, registry, cache, Settings.RefreshInterval));

        var subscribe = _mediator.ExpectMsg<Subscribe>();
        Assert.Equal((SilenceRegistry.Topic, subscriber), (subscribe.Topic, subscribe.Ref));
        registry.ExpectMsg<GetSilences>();
        registry.Reply(SetOf(1, NewSilence("a", TimeSpan.FromHours(1))));
        AwaitAssert(() => Assert.Equal(1, cache.Current.Version));

        // A publish arrives (the mediator delivers the bare set).
        var v2 = SetOf(2, NewSilence("a", TimeSpan.FromHours(1)), NewSilence("b", TimeSpan.FromHours(2)));
        subscriber.Tell(v2);
        AwaitAssert(() => Assert.Same(v2, cache.Current));

        // The refresh answer that left before the publish arrives late: ignored.
        subscriber.Tell(SetOf(1));
        registry.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Scheduler.Advance(Settings.RefreshInterval);
        registry.ExpectMsg<GetSilences>();
        Assert.Same(v2, cache.Current);

        // A registry that keeps answering with an older version started over (new journal): taken.
        var reset = SetOf(1, NewSilence("c", TimeSpan.FromHours(1)));
        registry.Reply(reset);
        Scheduler.Advance(Settings.RefreshInterval);
        registry.ExpectMsg<GetSilences>();
        registry.Reply(reset);
        AwaitAssert(() => Assert.Same(reset, cache.Current));
    }

    private IActorRef StartRegistry() => StartRegistry(out _);

    /// <summary>Starts the registry and takes the set it publishes once recovered.</summary>
    private IActorRef StartRegistry(out SilenceSet recovered)
    {
        var registry = Sys.ActorOf(SilenceRegistry.Props(_mediator, Settings));
        recovered = ExpectPublished();
        return registry;
    }

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor);
    }

    private SilenceSet ExpectPublished()
    {
        var publish = _mediator.ExpectMsg<Publish>();
        Assert.Equal(SilenceRegistry.Topic, publish.Topic);
        return Assert.IsType<SilenceSet>(publish.Message);
    }

    private Silence NewSilence(string id, TimeSpan duration) =>
        new(
            id,
            [SilenceMatcher.Create("tenant", "=", "site-a"), SilenceMatcher.Create("type", "=~", @"dns\..*")],
            VirtualNow,
            VirtualNow + duration,
            "alice",
            "maintenance"
        );

    private static SilenceSet SetOf(long version, params Silence[] silences) => new([.. silences], version);
}
