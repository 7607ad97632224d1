using System.Net;
using System.Net.Http.Json;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>Custom rules from HOCON, end to end: match, threshold, and per-rule routing to the providers.</summary>
public sealed class RulesAndRoutingTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    private string Hocon =>
        _providers.Hocon
        + """

            alertactors {
              lists { known-macs = ["00:11:22:33:44:55"] }
              rules = [
                {
                  name = rogue-mac
                  match {
                    all = [
                      { field = type, op = eq, value = "dhcp.lease.issued" }
                      { field = "data.mac", op = not-in, list = known-macs, case-sensitive = false }
                    ]
                  }
                  severity = critical
                  dedup-key = "{tenant}:rogue-mac:{data.mac}"
                  summary = "Lease {data.ip} to unknown MAC {data.mac}"
                  route {
                    pagerduty { routing-key = "network-oncall-key" }
                    opsgenie { responders = ["network-team"], tags = ["dhcp"] }
                  }
                }
                {
                  name = dns-mismatch-burst
                  match { all = [ { field = type, op = eq, value = "dns.record.mismatch" } ] }
                  severity = high
                  dedup-key = "{tenant}:dns-mismatch:{data.zone}"
                  threshold { count = 3, window = 1m }
                  providers = [pagerduty]
                }
                {
                  name = deploys
                  match { all = [ { field = type, op = eq, value = "deploy.finished" } ] }
                  min-severity = info
                  dedup-key = "{tenant}:deploy:{subject}"
                  summary = "Deployed {subject} {data.version}"
                  change-event = true
                }
              ]
            }
            """;

    [Fact]
    public async Task A_lease_to_an_unknown_MAC_pages_the_rule_route_and_a_known_MAC_alerts_nothing()
    {
        await using var node = await TestNode.StartAsync(_directory, Hocon);

        await PostAsync(node, Lease("l-1", "00:11:22:33:44:55"));
        await PostAsync(node, Lease("l-2", "DE:AD:BE:EF:00:01"));

        await Eventually.HoldsAsync(
            () => _providers.PagerDutyCalls.Count >= 1 && _providers.OpsGenieCalls.Count >= 1,
            Within,
            "the rogue MAC never reached the providers"
        );
        var page = ProviderStubs.BodyOf(Assert.Single(_providers.PagerDutyCalls));
        Assert.Equal("network-oncall-key", page["routing_key"]!.GetValue<string>());
        Assert.Equal("default:rogue-mac:DE:AD:BE:EF:00:01", page["dedup_key"]!.GetValue<string>());
        Assert.Equal("critical", page["payload"]!["severity"]!.GetValue<string>());
        Assert.Equal(
            "Lease 10.0.0.9 to unknown MAC DE:AD:BE:EF:00:01",
            page["payload"]!["summary"]!.GetValue<string>()
        );
        var create = ProviderStubs.BodyOf(Assert.Single(_providers.OpsGenieCalls));
        Assert.Equal("network-team", create["responders"]![0]!["name"]!.GetValue<string>());
        Assert.Contains("dhcp", create["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Null(await node.TryGetAlertAsync("default:rogue-mac:00:11:22:33:44:55"));
    }

    [Fact]
    public async Task A_threshold_rule_stays_pending_until_enough_occurrences_then_pages_once()
    {
        await using var node = await TestNode.StartAsync(_directory, Hocon);

        await PostAsync(node, Mismatch("d-1"), Mismatch("d-2"));
        var pending = await node.TryGetAlertAsync("default:dns-mismatch:example.org");
        Assert.Equal("pending", pending!["status"]!.GetValue<string>());
        Assert.Empty(pending["deliveries"]!.AsArray());

        await PostAsync(node, Mismatch("d-3"), Mismatch("d-4"));
        var firing = await node.TryGetAlertAsync("default:dns-mismatch:example.org");
        Assert.Equal("firing", firing!["status"]!.GetValue<string>());
        Assert.Equal(4, firing["occurrences"]!.GetValue<long>());
        await Eventually.HoldsAsync(
            () => _providers.PagerDutyCalls.Count >= 1,
            Within,
            "the threshold alert never paged"
        );
        Assert.Single(_providers.PagerDutyCalls);
        Assert.Empty(_providers.OpsGenieCalls);
    }

    [Fact]
    public async Task A_change_event_rule_sends_each_deploy_to_the_PagerDuty_Change_Events_API_and_pages_nobody()
    {
        await using var node = await TestNode.StartAsync(_directory, Hocon);

        await PostAsync(
            node,
            new
            {
                id = "dep-1",
                source = "ci/pipeline",
                type = "deploy.finished",
                subject = "api",
                severity = "info",
                time = "2026-11-23T03:00:00Z",
                data = new { version = "v42" },
            }
        );

        await Eventually.HoldsAsync(
            () => _providers.PagerDutyCalls.Count >= 1,
            Within,
            "the change event never reached PagerDuty"
        );
        var call = Assert.Single(_providers.PagerDutyCalls);
        Assert.Equal("/v2/change/enqueue", call.RequestMessage.Path);
        var body = ProviderStubs.BodyOf(call);
        Assert.Equal("Deployed api v42", body["payload"]!["summary"]!.GetValue<string>());
        Assert.Equal("v42", body["payload"]!["custom_details"]!["version"]!.GetValue<string>());
        Assert.Empty(_providers.OpsGenieCalls);
    }

    private static object Lease(string id, string mac) =>
        new
        {
            id,
            source = "dhcp-watcher/site-a",
            type = "dhcp.lease.issued",
            subject = mac,
            severity = "info",
            data = new { mac, ip = "10.0.0.9" },
        };

    private static object Mismatch(string id) =>
        new
        {
            id,
            source = "dns-checker",
            type = "dns.record.mismatch",
            subject = "www.example.org",
            severity = "low",
            data = new { zone = "example.org" },
        };

    private static async Task PostAsync(TestNode node, params object[] events)
    {
        using var response = await node.Http.PostAsJsonAsync("/api/v1/events", events);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
