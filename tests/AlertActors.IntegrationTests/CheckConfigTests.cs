using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// <c>check-config</c> (the Host's verb) and <c>alertctl config check</c>: a configuration checked without starting a
/// node, every problem printed, non-zero on any; sample events tested against the rules as <c>amtool config routes
/// test</c> does for routes.
/// </summary>
public sealed class CheckConfigTests : IDisposable
{
    private const string Rules = """
        alertactors.rules = [
          {
            name = rogue-mac
            match { all = [ { field = type, op = eq, value = "dhcp.lease.issued" } ] }
            min-severity = high
            dedup-key = "{tenant}:rogue-mac:{data.mac}"
            summary = "unknown MAC {data.mac}"
          }
        ]
        """;

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private async Task<string> FileAsync(string name, string text)
    {
        var path = Path.Combine(_directory.Path, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    [Fact]
    public async Task A_configuration_with_mistakes_lists_every_one_and_exits_78_without_starting_anything()
    {
        var config = await FileAsync(
            "bad.conf",
            """
            alertactors {
              pagerduty.routing_key = "x"
              kafka.max-in-flight = none
              rules = [ { name = r, severity = urgent } ]
            }
            """
        );

        foreach (
            var (exitCode, output, err) in new[]
            {
                await NodeProcess.RunToExitAsync(_directory, ["check-config", "--config", config]),
                await AlertCtlProcess.RunAsync("http://127.0.0.1:1", null, "config", "check", config),
            }
        )
        {
            Assert.Equal(78, exitCode);
            var lines = err.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            Assert.Equal($"{config}: 3 problems; a node would refuse to start:", lines[0]);
            Assert.Contains("alertactors.pagerduty.routing_key: unknown key (did you mean routing-key?)", lines);
            Assert.Contains("alertactors.kafka.max-in-flight: \"none\" is not a whole number of at least 1", lines);
            Assert.Contains(lines, l => l.StartsWith("alertactors.rules[0] (r).severity: \"urgent\" is not one of"));
            Assert.DoesNotContain("Remoting", output + err);
        }
    }

    [Fact]
    public async Task A_sample_event_shows_the_rule_that_matches_with_its_dedup_key_and_summary_and_why_others_do_not()
    {
        var config = await FileAsync("good.conf", Rules);
        var events = await FileAsync(
            "events.json",
            """
            [
              {"id":"e1","source":"dhcp","type":"dhcp.lease.issued","severity":"critical","data":{"mac":"aa:bb"}},
              {"id":"e2","source":"dhcp","type":"dhcp.lease.issued","severity":"low","data":{"mac":"cc:dd"}},
              {"id":"e3","source":"dns","type":"dns.record.mismatch","severity":"critical"}
            ]
            """
        );

        var (exitCode, output, err) = await NodeProcess.RunToExitAsync(
            _directory,
            ["check-config", "--config", config, "--event", events]
        );

        Assert.True(exitCode == 0, err);
        Assert.Contains($"{config}: OK; 1 rule(s): rogue-mac", output);
        Assert.Contains("pagerduty: dry-run (no routing key", output);
        Assert.Contains(
            "  rogue-mac: matches -> alert \"default:rogue-mac:aa:bb\", summary \"unknown MAC aa:bb\", severity critical",
            output
        );
        Assert.Contains("  rogue-mac: no match (severity low is below min-severity high)", output);
        Assert.Contains("  => no alert: below min-severity", output);
        Assert.Contains("  rogue-mac: no match (its match does not hold for this event)", output);
        Assert.Contains("  => no alert: no rule matched", output);

        var viaAlertCtl = await AlertCtlProcess.RunAsync(
            "http://127.0.0.1:1",
            null,
            "config",
            "check",
            config,
            "--event",
            events
        );
        Assert.Equal(0, viaAlertCtl.ExitCode);
        Assert.Equal(output, viaAlertCtl.Out);
    }

    [Fact]
    public async Task An_unreadable_sample_event_is_a_usage_error_not_a_configuration_problem()
    {
        var config = await FileAsync("good.conf", Rules);
        var events = await FileAsync("bad-event.json", """{"id":"e1"}""");

        var (exitCode, _, err) = await NodeProcess.RunToExitAsync(
            _directory,
            ["check-config", "--config", config, "--event", events]
        );

        Assert.Equal(64, exitCode);
        Assert.Contains("not a valid event: source: is required", err);
    }
}
