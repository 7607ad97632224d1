using AlertActors.TestSupport;
using static AlertActors.IntegrationTests.GroupingFixture;

namespace AlertActors.IntegrationTests;

/// <summary>A kill -9 of the node during a group's wait or before its update loses no page and sends none
/// twice.</summary>
public sealed class GroupingCrashTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    [Fact]
    public async Task A_kill_during_the_wait_still_gives_exactly_one_incident_per_group()
    {
        // Long enough that the kill comes first even on a busy machine (checked below).
        var hocon = _providers.Hocon + Rule(wait: TimeSpan.FromSeconds(30));
        await using (var node = await NodeProcess.StartAsync(_directory, hocon))
        {
            await PostAsync(node.Http, first: 0, count: 40, sites: 2);
            await Eventually.HoldsAsync(
                async () =>
                    (await TryGetGroupAsync(node.Http, KeyOf("s0")))?["firing"]?.GetValue<int>() == 20
                    && (await TryGetGroupAsync(node.Http, KeyOf("s1")))?["firing"]?.GetValue<int>() == 20,
                Within,
                "the alerts never joined their groups"
            );
            await node.KillAsync();
            Assert.Empty(_providers.PagerDutyCalls);
        }

        // Nobody touches the groups after the restart: the members' pending joins bring them back.
        await using var restarted = await NodeProcess.StartAsync(_directory, hocon);
        await Eventually.HoldsAsync(
            () => PagerDutyTriggers(_providers).Count >= 2 && OpsGenieCreates(_providers).Count >= 2,
            Within,
            "the groups never paged after the restart"
        );
        await Eventually.HoldsAsync(
            async () => AlertApi.AllDelivered(await AlertApi.TryGetAsync(restarted.Http, "default:disk:h39"), 1),
            Within,
            "a member's join never settled"
        );

        var incidents = PagerDutyTriggers(_providers);
        Assert.Equal([KeyOf("s0"), KeyOf("s1")], incidents.Select(b => b["dedup_key"]!.GetValue<string>()).Order());
        Assert.All(incidents, b => Assert.Equal(20, b["payload"]!["custom_details"]!["firing"]!.GetValue<int>()));
        Assert.Equal(2, OpsGenieCreates(_providers).Count);
    }

    [Fact]
    public async Task A_kill_before_an_update_still_gives_exactly_one_update_per_group()
    {
        var hocon = _providers.Hocon + Rule(wait: TimeSpan.FromSeconds(1), interval: TimeSpan.FromSeconds(30));
        await using (var node = await NodeProcess.StartAsync(_directory, hocon))
        {
            await PostAsync(node.Http, first: 0, count: 2, sites: 1);
            await Eventually.HoldsAsync(
                () => PagerDutyTriggers(_providers).Count == 1,
                Within,
                "the group never paged"
            );
            await PostAsync(node.Http, first: 2, count: 3, sites: 1);
            await Eventually.HoldsAsync(
                async () => (await TryGetGroupAsync(node.Http, KeyOf("s0")))?["firing"]?.GetValue<int>() == 5,
                Within,
                "the later alerts never joined the group"
            );
            await node.KillAsync();
            Assert.Single(PagerDutyTriggers(_providers)); // the update is still to come
        }

        await using var restarted = await NodeProcess.StartAsync(_directory, hocon);
        await Eventually.HoldsAsync(
            () => PagerDutyTriggers(_providers).Count >= 2,
            Within,
            "the update never went out after the restart"
        );
        await Eventually.HoldsAsync(
            async () => AlertApi.AllDelivered(await AlertApi.TryGetAsync(restarted.Http, "default:disk:h4"), 1),
            Within,
            "a later member's join never settled"
        );

        var update = PagerDutyTriggers(_providers)[1];
        Assert.Equal("5 alerts firing: disk.full on site s0", update["payload"]!["summary"]!.GetValue<string>());
        Assert.Equal(2, PagerDutyTriggers(_providers).Count);
    }

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
