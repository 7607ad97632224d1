using System.Net.Http.Json;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>alertctl as a tired operator types it: addresses without a scheme, honest paging, whole alerts, units,
/// named dead letters.</summary>
public sealed class AlertCtlOperatorTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static Task<(int ExitCode, string Out, string Err)> RunAsync(string server, params string[] args) =>
        AlertCtlProcess.RunAsync(server, token: null, args);

    [Fact]
    public async Task Lists_say_how_many_there_are_show_units_and_say_so_when_empty()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        var withoutScheme = node.Http.BaseAddress!.Authority;

        var empty = await RunAsync(withoutScheme, "alerts");
        Assert.True(empty.ExitCode == 0, empty.Err);
        Assert.Equal("no alerts", empty.Out.Trim());
        Assert.Equal("no dead deliveries", (await RunAsync(withoutScheme, "deliveries", "dead")).Out.Trim());

        for (var i = 0; i < 3; i++)
            await node.Http.PostAsJsonAsync(
                "/api/v1/events",
                new
                {
                    id = $"page-{i}",
                    source = "ctl",
                    type = "disk.full",
                    subject = $"host-{i}",
                    severity = "critical",
                }
            );
        await Eventually.HoldsAsync(
            async () => (await RunAsync(withoutScheme, "alerts")).Out.Contains("host-2"),
            TimeSpan.FromSeconds(30),
            "the alert list never showed the three alerts"
        );

        var page = await RunAsync(withoutScheme, "alerts", "--limit", "2");
        Assert.Contains("alerts 1-2 of 3 (use --offset and --limit, or --all)", page.Out);
        var all = await RunAsync(withoutScheme, "alerts", "--all");
        Assert.Equal(3, all.Out.Split('\n').Count(l => l.StartsWith("default:disk.full:", StringComparison.Ordinal)));
        Assert.DoesNotContain(" of 3", all.Out);
        Assert.Contains("SILENCED", all.Out);
        Assert.Matches(@"default:disk\.full:host-0\s+firing\s+no\s+critical\s+1\s+\d+s ago", all.Out);
    }

    [Fact]
    public async Task Alert_show_shows_silenced_suppressed_source_type_subject_rule_and_details()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        await node.Http.PostAsJsonAsync(
            "/api/v1/events",
            new
            {
                id = "show-1",
                source = "dhcp-watcher/site-a",
                type = "dhcp.lease.rogue_mac",
                subject = "aa:bb",
                severity = "critical",
                data = new { mac = "aa:bb" },
            }
        );

        var show = await RunAsync(
            node.Http.BaseAddress!.ToString(),
            "alert",
            "show",
            "default:dhcp.lease.rogue_mac:aa:bb"
        );

        Assert.True(show.ExitCode == 0, show.Err);
        foreach (
            var line in new[]
            {
                "silenced         false",
                "suppressed       0",
                "source           dhcp-watcher/site-a",
                "type             dhcp.lease.rogue_mac",
                "subject          aa:bb",
                "rule             default",
                "details          {\"mac\":\"aa:bb\"}",
            }
        )
            Assert.Contains(line, show.Out);
        Assert.Matches(@"last_seen\s+\S+ \(\d+s ago\)", show.Out);
    }

    [Fact]
    public async Task Unknown_output_formats_are_refused_and_the_kafka_dead_letter_topic_is_inspected_by_its_own_name()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        var server = node.Http.BaseAddress!.ToString();

        var yaml = await RunAsync(server, "alerts", "-o", "yaml");
        Assert.NotEqual(0, yaml.ExitCode);
        Assert.Contains("yaml", yaml.Err);

        var none = await RunAsync(server, "kafka", "dead-letters");
        Assert.True(none.ExitCode == 0, none.Err);
        Assert.Contains("infra-events.dlq: 0 message(s) (from infra-events)", none.Out);

        var info = await node.GetJsonAsync("/api/v1/info");
        using var kafka = new KafkaTestClient(info["kafka"]!["bootstrap_servers"]!.GetValue<string>());
        await kafka.ProduceRawAsync("infra-events", "{\"id\":\"poison-1\"}"u8.ToArray(), key: "k");
        await Eventually.HoldsAsync(
            async () => (await RunAsync(server, "kafka", "dead-letters")).Out.Contains("1 message(s)"),
            TimeSpan.FromSeconds(30),
            "the invalid message never showed in the Kafka dead-letter topic"
        );
        var one = await RunAsync(server, "kafka", "dead-letters");
        Assert.Contains("source: is required", one.Out);
        Assert.Matches(@"infra-events/\d@\d+", one.Out);
    }

    [Fact]
    public async Task A_server_address_that_is_not_one_is_a_one_line_error()
    {
        var (exitCode, output, err) = await RunAsync("ftp://example", "alerts");

        Assert.Equal(1, exitCode);
        Assert.Equal(
            "alertctl: --server ftp://example: not an address like http://127.0.0.1:8080 or 127.0.0.1:8080",
            err.Trim()
        );
        Assert.Empty(output);
    }
}
