using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;
using Xunit.Abstractions;

namespace AlertActors.IntegrationTests;

/// <summary>
/// SIGTERM while a provider call is under way: the alert waits for the call's answer and journals it before it stops
/// (its shard hands off), so the next node to run the alert finds the trigger delivered and sends nothing again.
/// </summary>
public sealed class GracefulStopTests(ITestOutputHelper output) : IDisposable
{
    private const string DedupKey = "default:disk.full:slow-host";
    private static readonly TimeSpan SlowAnswer = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new(pagerDutyDelay: SlowAnswer);

    [Fact]
    public async Task A_graceful_stop_waits_for_a_slow_provider_call_longer_than_Akkas_default_phase_timeout_and_the_next_start_sends_nothing_again()
    {
        // The call's own bound (attempt-timeout) is above the stub's 15 s answer, so only the stop could cut the call
        // off.
        var hocon = _providers.Hocon + "\nalertactors.pagerduty.attempt-timeout = 25s";
        await using (var node = await NodeProcess.StartAsync(_directory, hocon))
        {
            using var accepted = await node.Http.PostAsJsonAsync(
                "/api/v1/events",
                new
                {
                    id = "slow-1",
                    source = "s",
                    type = "disk.full",
                    subject = "slow-host",
                    severity = "critical",
                }
            );
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            // OpsGenie answers at once; the PagerDuty trigger, dispatched with it, is still waiting for its answer.
            await Eventually.HoldsAsync(
                async () => Status(await GetAlertAsync(node.Http), "opsgenie") == "delivered",
                Within,
                "the OpsGenie trigger was never delivered"
            );
            Assert.Equal("pending", Status(await GetAlertAsync(node.Http), "pagerduty"));

            var before = node.Output.Length;
            var stopping = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(0, await node.StopGracefullyAsync(Within));
            var stopped = node.Output[before..];
            output.WriteLine($"stopped after {stopping.Elapsed.TotalSeconds:0.0} s:\n{stopped}");
            // The region stopped once its alerts had handed off, not when the phase ran out (nothing else was left
            // waiting in it).
            Assert.DoesNotContain("Graceful shutdown of shard region timed out", stopped);
        }

        await using (var restarted = await NodeProcess.StartAsync(_directory, hocon))
        {
            var alert = await GetAlertAsync(restarted.Http);
            Assert.Equal("delivered", Status(alert, "pagerduty"));
            Assert.Equal(
                1,
                alert["deliveries"]!.AsArray().Single(d => d!["provider"]!.GetValue<string>() == "pagerduty")![
                    "attempts"
                ]!.GetValue<int>()
            );
        }
        Assert.Single(_providers.PagerDutyCalls);
    }

    private static async Task<JsonNode> GetAlertAsync(HttpClient http) => (await AlertApi.TryGetAsync(http, DedupKey))!;

    private static string Status(JsonNode alert, string provider) =>
        alert["deliveries"]!.AsArray().Single(d => d!["provider"]!.GetValue<string>() == provider)![
            "status"
        ]!.GetValue<string>();

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
