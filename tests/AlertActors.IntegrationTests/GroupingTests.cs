using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;
using Xunit.Abstractions;
using static AlertActors.IntegrationTests.GroupingFixture;

namespace AlertActors.IntegrationTests;

/// <summary>Grouping end to end over HTTP with the provider stubs (README "Grouping"): a storm becomes one incident
/// per group, listing its members; acknowledging a group (API or webhook) acknowledges its members.</summary>
public sealed class GroupingTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    [Fact]
    public async Task A_storm_of_1000_alerts_in_5_groups_pages_5_incidents_and_5_OpsGenie_alerts_each_listing_its_members()
    {
        var wait = TimeSpan.FromSeconds(20);
        await using var node = await TestNode.StartAsync(_directory, _providers.Hocon + Rule(wait));
        var clock = Stopwatch.StartNew();

        await PostAsync(node.Http, first: 0, count: 1000, sites: 5);
        output.WriteLine($"1000 alerts accepted after {clock.Elapsed}");
        await Eventually.HoldsAsync(
            () => PagerDutyTriggers(_providers).Count >= 5 && OpsGenieCreates(_providers).Count >= 5,
            Within,
            "the five groups never paged"
        );
        output.WriteLine($"5 incidents after {clock.Elapsed} (wait {wait})");

        var incidents = PagerDutyTriggers(_providers);
        Assert.Equal(
            Enumerable.Range(0, 5).Select(s => KeyOf($"s{s}")).Order(),
            incidents.Select(b => b["dedup_key"]!.GetValue<string>()).Order()
        );
        foreach (var incident in incidents)
        {
            var site = incident["payload"]!["custom_details"]!["labels"]!["data.site"]!.GetValue<string>();
            Assert.Equal(
                $"200 alerts firing: disk.full on site {site}",
                incident["payload"]!["summary"]!.GetValue<string>()
            );
            var details = incident["payload"]!["custom_details"]!;
            Assert.Equal(200, details["firing"]!.GetValue<int>());
            var listed = details["members"]!.GetValue<string>().Split('\n');
            Assert.Equal(200, listed.Length + (details["not_listed"]?.GetValue<int>() ?? 0));
            Assert.All(listed, line => Assert.StartsWith("default:disk:h", line));
        }
        var creates = OpsGenieCreates(_providers);
        Assert.Equal(
            incidents.Select(b => b["dedup_key"]!.GetValue<string>()).Order(),
            creates.Select(b => b["alias"]!.GetValue<string>()).Order()
        );
        Assert.All(
            creates,
            c => Assert.StartsWith("200 alerts firing: disk.full on site s", c["message"]!.GetValue<string>())
        );

        // Every member's join settles, and nothing more is sent.
        await Eventually.HoldsAsync(
            async () =>
                (await AlertApi.TryGetAsync(node.Http, "default:disk:h999")) is { } alert
                && AlertApi.AllDelivered(alert, expected: 1),
            Within,
            "a member's join never settled"
        );
        var member = (await AlertApi.TryGetAsync(node.Http, "default:disk:h7"))!;
        Assert.Equal(KeyOf("s2"), member["group"]!.GetValue<string>());
        Assert.Equal("group", member["deliveries"]![0]!["provider"]!.GetValue<string>());
        Assert.Equal(5, PagerDutyTriggers(_providers).Count);
        Assert.Equal(5, OpsGenieCreates(_providers).Count);
    }

    [Fact]
    public async Task Acknowledging_a_group_through_the_API_acknowledges_its_members_and_the_incident()
    {
        await using var node = await TestNode.StartAsync(_directory, _providers.Hocon + Rule(TimeSpan.FromSeconds(1)));
        await PostAsync(node.Http, first: 0, count: 3, sites: 1);
        await Eventually.HoldsAsync(() => PagerDutyTriggers(_providers).Count == 1, Within, "the group never paged");
        var key = KeyOf("s0");

        using var response = await node.Http.PostAsJsonAsync(
            $"/api/v1/groups/{Uri.EscapeDataString(key)}/acknowledge",
            new { by = "alice", note = "on it" }
        );

        response.EnsureSuccessStatusCode();
        var group = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(("acknowledged", 3), (group["status"]!.GetValue<string>(), group["members"]!.AsArray().Count));
        foreach (var host in new[] { "h0", "h1", "h2" })
            await Eventually.HoldsAsync(
                async () =>
                    (await AlertApi.TryGetAsync(node.Http, $"default:disk:{host}"))?["status"]?.GetValue<string>()
                    == "acknowledged",
                Within,
                $"member {host} was never acknowledged"
            );
        await Eventually.HoldsAsync(
            () =>
                _providers
                    .PagerDutyCalls.Select(ProviderStubs.BodyOf)
                    .Any(b => b["event_action"]!.GetValue<string>() == "acknowledge"),
            Within,
            "PagerDuty never heard of the acknowledgement"
        );
        var list = await node.GetJsonAsync("/api/v1/groups");
        Assert.Equal(key, Assert.Single(list["groups"]!.AsArray())!["group_key"]!.GetValue<string>());
        using var unknown = await node.Http.GetAsync(
            $"/api/v1/groups/{Uri.EscapeDataString("DiskFull:{data.site=\"zz\"}")}"
        );
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        // Members were acknowledged by the group: no provider heard of them one by one.
        Assert.All(
            _providers.PagerDutyCalls.Select(ProviderStubs.BodyOf),
            b => Assert.Equal(key, b["dedup_key"]!.GetValue<string>())
        );
    }

    [Fact]
    public async Task A_PagerDuty_acknowledgement_of_the_group_incident_acknowledges_the_group_and_its_members()
    {
        await using var node = await TestNode.StartAsync(_directory, _providers.Hocon + Rule(TimeSpan.FromSeconds(1)));
        await PostAsync(node.Http, first: 0, count: 2, sites: 1);
        await Eventually.HoldsAsync(() => PagerDutyTriggers(_providers).Count == 1, Within, "the group never paged");
        var key = KeyOf("s0");

        using var response = await ProviderWebhookRequests.PostPagerDutyAsync(
            node,
            ProviderWebhookRequests.PagerDutyEvent("incident.acknowledged", key, "Bob"),
            signature: null
        );

        response.EnsureSuccessStatusCode();
        Assert.Equal("acknowledged", (await TryGetGroupAsync(node.Http, key))!["status"]!.GetValue<string>());
        await Eventually.HoldsAsync(
            async () =>
                (await AlertApi.TryGetAsync(node.Http, "default:disk:h1"))?["status"]?.GetValue<string>()
                == "acknowledged",
            Within,
            "a member was never acknowledged"
        );
        await Eventually.HoldsAsync(
            () => _providers.OpsGenieCalls.Any(c => c.RequestMessage.Path.EndsWith("/acknowledge")),
            Within,
            "OpsGenie never heard of the acknowledgement"
        );
        Assert.DoesNotContain(
            _providers.PagerDutyCalls.Select(ProviderStubs.BodyOf),
            b => b["event_action"]!.GetValue<string>() == "acknowledge"
        );
    }

    [Fact]
    public async Task A_group_whose_members_all_resolve_during_its_wait_pages_nobody()
    {
        await using var node = await TestNode.StartAsync(_directory, _providers.Hocon + Rule(TimeSpan.FromSeconds(15)));
        await PostAsync(node.Http, first: 0, count: 3, sites: 1);
        await PostAsync(node.Http, first: 0, count: 3, sites: 1, action: "resolve");

        // Every member's leave reaches the group and is settled (nothing pending any more): from then on nothing can
        // page. Before, a leave waited behind its join until the group's page was out, so the group paged anyway.
        foreach (var host in new[] { "h0", "h1", "h2" })
            await Eventually.HoldsAsync(
                async () =>
                    (await AlertApi.TryGetAsync(node.Http, $"default:disk:{host}")) is { } alert
                    && alert["status"]!.GetValue<string>() == "resolved"
                    && alert["deliveries"]!.AsArray().All(d => d!["status"]!.GetValue<string>() != "pending"),
                Within,
                $"{host}'s join and leave never settled"
            );

        Assert.Empty(PagerDutyTriggers(_providers));
        Assert.Empty(OpsGenieCreates(_providers));
    }

    [Fact]
    public async Task A_PagerDuty_or_OpsGenie_resolve_of_the_group_key_is_not_applied_and_says_so()
    {
        await using var node = await TestNode.StartAsync(_directory, _providers.Hocon + Rule(TimeSpan.FromSeconds(1)));
        await PostAsync(node.Http, first: 0, count: 2, sites: 1);
        await Eventually.HoldsAsync(() => PagerDutyTriggers(_providers).Count == 1, Within, "the group never paged");
        var key = KeyOf("s0");

        using var pagerDuty = await ProviderWebhookRequests.PostPagerDutyAsync(
            node,
            ProviderWebhookRequests.PagerDutyEvent("incident.resolved", key, "Bob"),
            signature: null
        );
        using var opsGenie = await ProviderWebhookRequests.PostOpsGenieAsync(
            node,
            ProviderWebhookRequests.OpsGenieEvent("Close", key, "bob"),
            token: null
        );

        foreach (var response in new[] { pagerDuty, opsGenie })
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var answer = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
            Assert.Equal("ignored", answer["result"]!.GetValue<string>());
            var note = answer["note"]!.GetValue<string>();
            Assert.Contains("is a group: resolving it from", note);
            Assert.Contains("a group resolves when its members do", note);
            Assert.DoesNotContain("no alert", note);
        }
        Assert.Equal("firing", (await TryGetGroupAsync(node.Http, key))!["status"]!.GetValue<string>());
        Assert.Equal(
            "firing",
            (await AlertApi.TryGetAsync(node.Http, "default:disk:h1"))!["status"]!.GetValue<string>()
        );
    }

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
