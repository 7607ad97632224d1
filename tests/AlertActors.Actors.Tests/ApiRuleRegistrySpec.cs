using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using AlertActors.Actors.ApiRules;
using AlertActors.Domain.ApiRules;
using static AlertActors.Domain.ApiRules.ApiRuleCommands;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The rule registry (rules stored through the API) on a real SQLite journal with a probe in place of the
/// DistributedPubSub mediator. Virtual time: "when" is the registry's scheduler clock.
/// </summary>
public sealed class ApiRuleRegistrySpec : TestKit
{
    private const string DiskFull =
        """{"name":"disk-full","match":{"all":[{"field":"type","op":"eq","value":"disk.full"}]}}""";
    private const string DiskFullCritical = """{"name":"disk-full","severity":"critical"}""";
    private readonly TestProbe _mediator;

    public ApiRuleRegistrySpec()
        : base(AlertEntityTestConfig.ForDirectory(AlertEntityTestConfig.NewDirectory()))
    {
        _mediator = CreateTestProbe("mediator");
    }

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public void Each_change_is_a_numbered_revision_with_who_and_when_and_is_published_as_the_whole_set()
    {
        var registry = StartRegistry(out var empty);
        Assert.Equal(ApiRuleSet.Empty, empty);
        var createdAt = Scheduler.Now;

        registry.Tell(new StoreRule("disk-full", DiskFull, "alice"));
        var created = ExpectMsg<ApiRuleReplies.Stored>();
        Assert.True(created.Created);
        Assert.Equal(new ApiRule("disk-full", DiskFull, 1, "alice", createdAt), created.Rule);
        Assert.Equal(created.Rule, Assert.Single(ExpectPublished().Rules));

        Scheduler.Advance(TimeSpan.FromMinutes(5));
        registry.Tell(new StoreRule("DISK-FULL", DiskFullCritical, "bob"));
        var replaced = ExpectMsg<ApiRuleReplies.Stored>();
        Assert.False(replaced.Created);
        Assert.Equal(new ApiRule("disk-full", DiskFullCritical, 2, "bob", createdAt.AddMinutes(5)), replaced.Rule);
        Assert.Equal(2, ExpectPublished().Revision);

        registry.Tell(new DeleteRule("disk-full", "carol"));
        var deleted = ExpectMsg<ApiRuleReplies.Deleted>();
        // The rule as it was, with the deletion's revision, who and when.
        Assert.Equal(replaced.Rule with { Revision = 3, UpdatedBy = "carol" }, deleted.Rule);
        Assert.Equal(3, deleted.Revision);
        var after = ExpectPublished();
        Assert.Empty(after.Rules);
        Assert.Equal(3, after.Revision);

        registry.Tell(new DeleteRule("disk-full", "carol"));
        Assert.Equal("disk-full", ExpectMsg<ApiRuleReplies.NotFound>().Name);
        _mediator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_create_only_store_of_a_taken_name_is_refused_and_changes_nothing()
    {
        var registry = StartRegistry(out _);
        registry.Tell(new StoreRule("disk-full", DiskFull, "alice", CreateOnly: true));
        ExpectMsg<ApiRuleReplies.Stored>();
        ExpectPublished();

        registry.Tell(new StoreRule("disk-full", DiskFullCritical, "bob", CreateOnly: true));
        Assert.Contains("already exists", ExpectMsg<ApiRuleReplies.Rejected>().Reason);
        _mediator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        registry.Tell(GetApiRules.Instance);
        Assert.Equal(DiskFull, Assert.Single(ExpectMsg<ApiRuleSet>().Rules).Definition);
    }

    [Fact]
    public void The_rules_survive_a_restart_from_the_journal_and_past_a_snapshot_and_are_published_on_recovery()
    {
        var registry = StartRegistry(out _);
        for (var i = 0; i < ApiRuleRegistry.SnapshotEvery + 2; i++)
        {
            registry.Tell(new StoreRule($"rule-{i % 3}", $$"""{"name":"rule-{{i % 3}}"}""", $"user-{i}"));
            ExpectMsg<ApiRuleReplies.Stored>();
            ExpectPublished();
        }
        registry.Tell(new DeleteRule("rule-0", "zoe"));
        ExpectMsg<ApiRuleReplies.Deleted>();
        var before = ExpectPublished();
        Stop(registry);

        StartRegistry(out var recovered);

        Assert.Equal(before, recovered);
        Assert.Equal(["rule-1", "rule-2"], recovered.Rules.Select(r => r.Name));
        Assert.Equal(ApiRuleRegistry.SnapshotEvery + 3, recovered.Revision);
    }

    [Fact]
    public void A_nodes_current_rules_take_the_newest_set_and_ignore_an_older_one_that_arrives_late()
    {
        var reader = new AlertActors.Configuration.ApiRuleReader(
            Akka.Configuration.ConfigurationFactory.Empty,
            new AlertActors.Domain.Rules.RuleSet([])
        );
        var current = new CurrentRules(reader);
        var registry = CreateTestProbe("registry");
        Sys.ActorOf(ApiRuleSubscriber.Props(_mediator, registry, current, TimeSpan.FromSeconds(30)));
        _mediator.ExpectMsg<Subscribe>();
        registry.ExpectMsg<GetApiRules>();

        var newer = new ApiRuleSet([new ApiRule("a", """{"name":"a"}""", 2, "alice", Scheduler.Now)], 2);
        var older = new ApiRuleSet([], 1);
        Assert.True(current.Update(newer));
        Assert.False(current.Update(older));
        Assert.Same(newer, current.State.Api);

        Scheduler.Advance(TimeSpan.FromSeconds(30));
        registry.ExpectMsg<GetApiRules>();
    }

    private IActorRef StartRegistry(out ApiRuleSet recovered)
    {
        var registry = Sys.ActorOf(ApiRuleRegistry.Props(_mediator));
        recovered = ExpectPublished();
        return registry;
    }

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        actor.Tell(PoisonPill.Instance);
        ExpectTerminated(actor);
    }

    private ApiRuleSet ExpectPublished()
    {
        var publish = _mediator.ExpectMsg<Publish>();
        Assert.Equal(ApiRuleRegistry.Topic, publish.Topic);
        return Assert.IsType<ApiRuleSet>(publish.Message);
    }
}
