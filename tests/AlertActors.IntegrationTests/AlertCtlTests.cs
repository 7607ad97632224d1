using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>alertctl as an operator runs it, as a process against a live node.</summary>
public sealed class AlertCtlTests : IDisposable
{
    private const string Key = "default:health.check.failed:db-8";
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Alerts_ack_silences_and_the_dead_letter_list_work_from_the_command_line()
    {
        await using var node = await TestNode.StartAsync(_directory, "");
        await node.Http.PostAsJsonAsync(
            "/api/v1/events",
            new
            {
                id = "ctl-1",
                source = "health-checker",
                type = "health.check.failed",
                subject = "db-8",
                severity = "critical",
            }
        );
        var server = node.Http.BaseAddress!.ToString();

        var show = await RunAsync(server, "alert", "show", Key, "--output", "json");
        Assert.Equal(0, show.ExitCode);
        Assert.Equal("firing", JsonNode.Parse(show.Out)!["status"]!.GetValue<string>());

        var ack = await RunAsync(server, "alert", "ack", Key, "--by", "alice", "--note", "on it");
        Assert.Equal(0, ack.ExitCode);
        Assert.Equal("alice", (await node.TryGetAlertAsync(Key))!["acknowledged_by"]!.GetValue<string>());

        await Eventually.HoldsAsync(
            async () => (await RunAsync(server, "alerts", "--status", "acknowledged")).Out.Contains(Key),
            TimeSpan.FromSeconds(30),
            "alertctl alerts never listed the acknowledged alert"
        );

        var added = await RunAsync(
            server,
            "silence",
            "add",
            "--matcher",
            "tenant=default",
            "--duration",
            "1h",
            "--comment",
            "maintenance"
        );
        Assert.Equal(0, added.ExitCode);
        var id = added.Out.Trim();
        Assert.Contains(id, (await RunAsync(server, "silence", "list", "--status", "active")).Out);
        Assert.Equal(0, (await RunAsync(server, "silence", "expire", id)).ExitCode);

        var dead = await RunAsync(server, "dlq", "list", "--output", "json");
        Assert.Equal(0, dead.ExitCode);
        Assert.Empty(JsonNode.Parse(dead.Out)!["deliveries"]!.AsArray());

        var missing = await RunAsync(server, "alert", "show", "no:such:alert");
        Assert.Equal(1, missing.ExitCode);
        Assert.Single(missing.Err.Trim().Split('\n'));
        Assert.StartsWith("alertctl: HTTP 404", missing.Err.Trim());
    }

    private static Task<(int ExitCode, string Out, string Err)> RunAsync(string server, params string[] args) =>
        AlertCtlProcess.RunAsync(server, token: null, args);

    public void Dispose() => _directory.Dispose();
}
