using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.Actors.Inhibition;
using AlertActors.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Inhibit rules end to end over HTTP with the provider stubs: a firing site.down holds back the disk.full alerts of
/// its tenant and site (recorded, shown inhibited, nobody paged) and releases each still-firing one exactly once when
/// it resolves, also across restarts and a kill -9 of the node.
/// </summary>
public sealed class InhibitionTests : IDisposable
{
    private const string Source = "acme:site.down:site-a";
    private const string Target = "acme:disk.full:h1";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    private string Hocon =>
        _providers.Hocon
        + """

            alertactors.inhibit = [
              {
                source { match { all = [ { field = type, op = eq, value = site.down } ] } }
                target { match { all = [ { field = type, op = eq, value = disk.full } ] } }
                equal = [tenant, "data.site"]
              }
            ]
            """;

    [Fact]
    public async Task A_firing_source_holds_back_matching_targets_and_releases_the_still_firing_one_exactly_once()
    {
        await using var node = await TestNode.StartAsync(_directory, Hocon);
        await FireSourceAsync(node);
        await Eventually.HoldsAsync(() => PagesOf(Source) == 1, Within, "the source never paged");

        await Post(node.Http, "t-1", "disk.full", "h1", "site-a");
        await Post(node.Http, "t-2", "disk.full", "h1", "site-a");
        await Post(node.Http, "other-site", "disk.full", "h2", "site-b");
        await Post(node.Http, "gone-1", "disk.full", "h3", "site-a");
        await Post(node.Http, "gone-2", "disk.full", "h3", "site-a", action: "resolve");

        var target = (await node.TryGetAlertAsync(Target))!;
        Assert.Equal("firing", target["status"]!.GetValue<string>());
        Assert.True(target["inhibited"]!.GetValue<bool>());
        Assert.Equal(Source, target["inhibited_by"]!.GetValue<string>());
        Assert.Equal(2, target["occurrences"]!.GetValue<long>());
        Assert.Contains(target["timeline"]!.AsArray(), t => t!["note"]?.GetValue<string>() == $"inhibited by {Source}");
        Assert.Empty(target["deliveries"]!.AsArray());
        await Eventually.HoldsAsync(
            () => PagesOf("acme:disk.full:h2") == 1,
            Within,
            "a target with another site was held back"
        );
        Assert.False((await node.TryGetAlertAsync("acme:disk.full:h2"))!["inhibited"]!.GetValue<bool>());
        Assert.Equal("resolved", (await node.TryGetAlertAsync("acme:disk.full:h3"))!["status"]!.GetValue<string>());

        await Post(node.Http, "src-2", "site.down", "site-a", "site-a", action: "resolve");

        await Eventually.HoldsAsync(
            () => PagesOf(Target) == 1 && OpsGenieCallsOf(Target) == 1,
            Within,
            "the held-back target never paged after its source resolved"
        );
        var released = (await node.TryGetAlertAsync(Target))!;
        Assert.False(released["inhibited"]!.GetValue<bool>());
        Assert.Null(released["inhibited_by"]);
        var last = released["timeline"]!.AsArray()[^1]!;
        Assert.Equal("released", last["change"]!.GetValue<string>());
        Assert.Equal($"inhibition by {Source} ended", last["note"]!.GetValue<string>());
        Assert.Equal(0, PagesOf("acme:disk.full:h3"));
        // Exactly once: a later occurrence (decided after the release and the wakes) sends nothing again.
        await Post(node.Http, "t-3", "disk.full", "h1", "site-a");
        Assert.Equal(3, (await node.TryGetAlertAsync(Target))!["occurrences"]!.GetValue<long>());
        Assert.Equal(1, PagesOf(Target));
    }

    [Fact]
    public async Task An_inhibited_target_stays_held_across_a_restart_and_a_kill_and_pages_once_its_source_resolves()
    {
        await using (var node = await TestNode.StartAsync(_directory, Hocon))
        {
            await FireSourceAsync(node);
            await Post(node.Http, "t-1", "disk.full", "h1", "site-a");
            Assert.True((await node.TryGetAlertAsync(Target))!["inhibited"]!.GetValue<bool>());
        }

        await using (var restarted = await NodeProcess.StartAsync(_directory, Hocon))
        {
            await Post(restarted.Http, "t-2", "disk.full", "h1", "site-a");
            var target = (await AlertApi.TryGetAsync(restarted.Http, Target))!;
            Assert.Equal(2, target["occurrences"]!.GetValue<long>());
            Assert.True(target["inhibited"]!.GetValue<bool>());
            await restarted.KillAsync();
        }
        Assert.Equal(0, PagesOf(Target));

        await using var killed = await NodeProcess.StartAsync(_directory, Hocon);
        Assert.True((await AlertApi.TryGetAsync(killed.Http, Target))!["inhibited"]!.GetValue<bool>());
        Assert.Equal(0, PagesOf(Target));
        await Post(killed.Http, "src-2", "site.down", "site-a", "site-a", action: "resolve");

        await Eventually.HoldsAsync(
            () => PagesOf(Target) == 1 && OpsGenieCallsOf(Target) == 1,
            Within,
            "the held-back target never paged after its source resolved"
        );
        Assert.False((await AlertApi.TryGetAsync(killed.Http, Target))!["inhibited"]!.GetValue<bool>());
    }

    /// <summary>Fires the source and waits until the node knows it fires (before that, a target would page).</summary>
    private static async Task FireSourceAsync(TestNode node)
    {
        await Post(node.Http, "src-1", "site.down", "site-a", "site-a");
        var cache = node.Services.GetRequiredService<InhibitionCache>();
        await Eventually.HoldsAsync(
            () => cache.Current?.Sources.ContainsKey(Source) == true,
            Within,
            "the node never learnt that the source fires"
        );
    }

    private int PagesOf(string dedupKey) =>
        _providers.PagerDutyCalls.Count(call =>
            ProviderStubs.BodyOf(call)["dedup_key"]?.GetValue<string>() == dedupKey
            && ProviderStubs.BodyOf(call)["event_action"]?.GetValue<string>() == "trigger"
        );

    private int OpsGenieCallsOf(string dedupKey) =>
        _providers.OpsGenieCalls.Count(call =>
            call.RequestMessage.Path == "/v2/alerts"
            && ProviderStubs.BodyOf(call)["alias"]?.GetValue<string>() == dedupKey
        );

    private static async Task Post(
        HttpClient http,
        string id,
        string type,
        string subject,
        string site,
        string action = "trigger"
    )
    {
        using var response = await http.PostAsJsonAsync(
            "/api/v1/events",
            new
            {
                id,
                source = "monitor",
                type,
                subject,
                severity = "critical",
                tenant = "acme",
                action,
                data = new { site },
            }
        );
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
