using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using AlertActors.Actors.Inhibition;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Inhibition;
using AlertActors.Domain.Rules.Conditions;
using static AlertActors.Domain.Inhibition.InhibitionCommands;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The inhibition registry (loaded from the read store, fed by alerts' registrations, publishing the whole set) and a
/// node's subscriber (its cache, and the wakes of the alerts a gone source held back), in virtual time.
/// </summary>
public sealed class InhibitionRegistrySpec : TestKit
{
    private static readonly InhibitionSettings Settings = new()
    {
        RefreshInterval = TimeSpan.FromSeconds(30),
        ReloadInterval = TimeSpan.FromMinutes(1),
    };

    private static readonly InhibitRules Rules = new([
        new InhibitRule(
            FieldCondition.Create("type", FieldOperator.Eq, ConditionValue.Of("site.down")),
            FieldCondition.Create("type", FieldOperator.Eq, ConditionValue.Of("disk.full")),
            ["tenant"]
        ),
    ]);

    private readonly TestProbe _mediator;
    private readonly Queue<TaskCompletionSource<IReadOnlyList<AlertState>>> _loads = new();

    public InhibitionRegistrySpec()
        : base(AlertEntityTestConfig.ForDirectory(AlertEntityTestConfig.NewDirectory()))
    {
        _mediator = CreateTestProbe("mediator");
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private static AlertState Firing(string dedupKey, string type = "site.down", string tenant = "acme") =>
        AlertState.Empty(dedupKey) with
        {
            Status = AlertStatus.Firing,
            Type = type,
            Tenant = tenant,
        };

    private static ImmutableArray<InhibitionKey> KeysOf(string dedupKey) => Rules.SourceKeysOf(Firing(dedupKey));

    private Task<IReadOnlyList<AlertState>> Load(CancellationToken _)
    {
        var load = new TaskCompletionSource<IReadOnlyList<AlertState>>();
        lock (_loads)
            _loads.Enqueue(load);
        return load.Task;
    }

    private TaskCompletionSource<IReadOnlyList<AlertState>> NextLoad()
    {
        TaskCompletionSource<IReadOnlyList<AlertState>>? load = null;
        AwaitCondition(() =>
        {
            lock (_loads)
                return _loads.TryDequeue(out load);
        });
        return load!;
    }

    private InhibitionSources ExpectPublished() =>
        (InhibitionSources)_mediator.ExpectMsg<Publish>(p => p.Topic == InhibitionRegistry.Topic).Message;

    [Fact]
    public void It_answers_only_once_loaded_then_follows_registrations_and_publishes_every_change()
    {
        var registry = Sys.ActorOf(InhibitionRegistry.Props(_mediator, Rules, Load, Settings));
        var load = NextLoad();
        registry.Tell(GetInhibitionSources.Instance);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // A source that fired while the load ran is kept; alerts that are not sources are left out.
        registry.Tell(new RegisterSource("acme:site.down:b", KeysOf("acme:site.down:b")));
        load.SetResult([Firing("acme:site.down:a"), Firing("acme:disk.full:h1", type: "disk.full")]);
        var loaded = ExpectPublished();
        Assert.Equal(["acme:site.down:a", "acme:site.down:b"], loaded.Sources.Keys.Order());
        registry.Tell(GetInhibitionSources.Instance);
        Assert.Equal(loaded, ExpectMsg<InhibitionSources>());

        registry.Tell(new RegisterSource("acme:site.down:a", []));
        var resolved = ExpectPublished();
        Assert.Equal(["acme:site.down:b"], resolved.Sources.Keys);
        Assert.True(resolved.Version > loaded.Version);

        // The same registration again changes nothing and publishes nothing.
        registry.Tell(new RegisterSource("acme:site.down:b", KeysOf("acme:site.down:b")));
        _mediator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_reload_heals_a_lost_registration_but_keeps_recent_ones_over_a_lagging_read_store()
    {
        var registry = Sys.ActorOf(InhibitionRegistry.Props(_mediator, Rules, Load, Settings));
        NextLoad().SetResult([Firing("acme:site.down:a")]);
        ExpectPublished();
        registry.Tell(new RegisterSource("acme:site.down:a", []));
        ExpectPublished();

        // The read store still shows a firing (its projection lags) and shows c, whose registration was lost.
        Scheduler.Advance(Settings.ReloadInterval);
        NextLoad().SetResult([Firing("acme:site.down:a"), Firing("acme:site.down:c")]);
        Assert.Equal(["acme:site.down:c"], ExpectPublished().Sources.Keys);

        // Long after, the read store is the truth again.
        Scheduler.Advance(Settings.ReloadInterval * 3);
        NextLoad().SetResult([]);
        Assert.Empty(ExpectPublished().Sources);
    }

    [Fact]
    public void With_no_rules_the_empty_set_is_known_at_once_and_the_read_store_is_never_read()
    {
        var registry = Sys.ActorOf(InhibitionRegistry.Props(_mediator, InhibitRules.None, Load, Settings));

        Assert.Empty(ExpectPublished().Sources);
        registry.Tell(GetInhibitionSources.Instance);
        Assert.Empty(ExpectMsg<InhibitionSources>().Sources);
        lock (_loads)
            Assert.Empty(_loads);
    }

    [Fact]
    public void A_node_follows_the_set_forwards_its_sources_and_wakes_the_alerts_a_gone_source_held()
    {
        var registry = CreateTestProbe("registry");
        var region = CreateTestProbe("region");
        var cache = new InhibitionCache(Rules);
        IReadOnlyCollection<string>? asked = null;
        var subscriber = Sys.ActorOf(
            InhibitionSubscriber.Props(
                _mediator,
                registry,
                region,
                cache,
                (sources, _) =>
                {
                    asked = sources;
                    return Task.FromResult<IReadOnlyList<string>>(["acme:disk.full:h1", "acme:disk.full:h2"]);
                },
                Settings.RefreshInterval
            )
        );
        Assert.Equal(InhibitionRegistry.Topic, _mediator.ExpectMsg<Subscribe>().Topic);
        registry.ExpectMsg<GetInhibitionSources>();
        Assert.Equal(InhibitionCheck.Unknown, cache.Check(Firing("acme:disk.full:h1", type: "disk.full")));

        var one = InhibitionSources.Empty.With("acme:site.down:a", KeysOf("acme:site.down:a"), 5);
        registry.Reply(one);
        AwaitAssert(() => Assert.Same(one, cache.Current));
        Assert.Equal(
            new InhibitionCheck(true, "acme:site.down:a"),
            cache.Check(Firing("acme:disk.full:h1", type: "disk.full"))
        );

        // An older set (a refresh answer overtaken by a publish) is ignored.
        subscriber.Tell(InhibitionSources.Empty with { Version = 4 });
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Same(one, cache.Current);

        // The source is gone: the alerts it held back are woken.
        subscriber.Tell(InhibitionSources.Empty with { Version = 6 });
        Assert.Equal(
            ["acme:disk.full:h1", "acme:disk.full:h2"],
            region.ReceiveN(2).Cast<AlertCommands.Wake>().Select(w => w.DedupKey)
        );
        Assert.Equal(["acme:site.down:a"], asked);

        // An alert of this node fires as a source: forwarded to the registry.
        Sys.EventStream.Publish(new InhibitionSourceChanged("acme:site.down:z", KeysOf("acme:site.down:z")));
        Assert.Equal("acme:site.down:z", registry.ExpectMsg<RegisterSource>().DedupKey);

        Scheduler.Advance(Settings.RefreshInterval);
        registry.ExpectMsg<GetInhibitionSources>();

        // A registry that keeps answering with older versions took over on a node whose clock is behind: taken.
        var other = InhibitionSources.Empty.With("acme:site.down:y", KeysOf("acme:site.down:y"), 2);
        for (var i = 0; i < InhibitionSubscriber.OlderSetsBeforeReset; i++)
            subscriber.Tell(other);
        AwaitAssert(() => Assert.Same(other, cache.Current));
    }
}
