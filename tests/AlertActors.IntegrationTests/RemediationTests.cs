using System.Text.Json.Nodes;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Remediation end to end (README "Remediation"): a node calls a loopback remediation endpoint; a kill -9 after an
/// answered attempt neither loses nor repeats it, and the page goes out once after the last failure; a success
/// resolves the alert without a page (after-remediation) or after one (immediately).
/// </summary>
public sealed class RemediationTests : IAsyncLifetime, IDisposable
{
    private const string DedupKey = "fix:db-1";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();
    private RemediationStub _endpoint = null!;

    public async Task InitializeAsync() => _endpoint = await RemediationStub.StartAsync();

    public async Task DisposeAsync() => await _endpoint.DisposeAsync();

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }

    /// <param name="retryBaseDelay">The outbox's retry backoff, which spaces the attempts (the 2nd after about this,
    /// the 3rd after about twice this).</param>
    private string Hocon(string page, string retryBaseDelay = "1s") =>
        _providers.Hocon
        + $$"""

            alertactors {
              remediation.secret = "e2e-signing-secret"
              delivery.retry-base-delay = {{retryBaseDelay}}
              rules = [ {
                name = fix, dedup-key = "fix:{subject}", providers = [pagerduty]
                remediation { webhook = "{{_endpoint.Url}}", max-attempts = 3, timeout = 5s, page = {{page}} }
              } ]
            }
            """;

    private IReadOnlyList<string> PagerDutyActions() =>
        [.. _providers.PagerDutyCalls.Select(c => ProviderStubs.BodyOf(c)["event_action"]!.GetValue<string>())];

    [Fact]
    public async Task A_kill_after_attempt_2_is_answered_sends_attempt_3_after_restart_and_then_one_page()
    {
        // Attempt 3 waits about 20 s after attempt 2's answer: the node dies in between.
        var hocon = Hocon("after-remediation", retryBaseDelay: "10s");
        _endpoint.Otherwise = RemediationAnswer.Failed("disk still full");

        await using (var node = await NodeProcess.StartAsync(_directory, hocon))
        {
            await AlertApi.PostCriticalAsync(node.Http, "fix-1", "db-1");
            var answered = await Eventually.HoldsAsync(
                async () =>
                    await AlertApi.TryGetAsync(node.Http, DedupKey) is { } alert
                    && alert["remediation"]?["attempts"]?.GetValue<int>() == 2
                        ? alert
                        : null,
                Within,
                "attempt 2's answer was never journaled"
            );
            Assert.True(answered["held_for_remediation"]!.GetValue<bool>());
            await node.KillAsync();
        }
        Assert.Equal([1, 2], _endpoint.Calls.Select(c => c.Attempt));
        Assert.Empty(_providers.PagerDutyCalls);

        await using var restarted = await NodeProcess.StartAsync(_directory, hocon);
        await Eventually.HoldsAsync(
            async () =>
                _providers.PagerDutyCalls.Count >= 1
                && (await AlertApi.TryGetAsync(restarted.Http, DedupKey))?["remediation"]?["status"]?.GetValue<string>()
                    == "failed",
            Within,
            "attempt 3 never failed into a page after the restart"
        );

        Assert.Equal([1, 2, 3], _endpoint.Calls.Select(c => c.Attempt));
        Assert.Equal(["trigger"], PagerDutyActions());
        var timeline = await restarted.Http.GetStringAsync(
            $"/api/v1/alerts/{Uri.EscapeDataString(DedupKey)}/timeline?format=markdown"
        );
        Assert.Contains("remediation attempt 2 of 3 failed: disk still full", timeline);
        Assert.Contains("remediation failed after 3 attempt(s)", timeline);
        var metrics = await restarted.Http.GetStringAsync("/metrics");
        Assert.Contains(
            metrics.Split('\n'),
            line =>
                line.StartsWith("alertactors_remediation_attempts_total{", StringComparison.Ordinal)
                && line.Contains("rule=\"fix\"", StringComparison.Ordinal)
                && line.Contains("result=\"failed\"", StringComparison.Ordinal)
        );
        Assert.DoesNotContain("e2e-signing-secret", restarted.Output);
        Assert.DoesNotContain(
            "e2e-signing-secret",
            (await AlertApi.TryGetAsync(restarted.Http, DedupKey))!.ToJsonString()
        );
    }

    [Fact]
    public async Task A_success_resolves_the_alert_via_remediation_and_pages_nobody()
    {
        _endpoint.Script(RemediationAnswer.Resolved);
        await using var node = await TestNode.StartAsync(_directory, Hocon("after-remediation"));

        await AlertApi.PostCriticalAsync(node.Http, "fix-1", "db-1");
        var alert = await ResolvedAsync(node.Http);

        Assert.Equal("remediation", Resolution(alert)["via"]!.GetValue<string>());
        Assert.Equal("resolved", alert["remediation"]!["status"]!.GetValue<string>());
        Assert.False(alert["held_for_remediation"]!.GetValue<bool>());
        Assert.Single(_endpoint.Calls);
        Assert.Empty(_providers.PagerDutyCalls);
        // The webhook URL may carry a token: the rules API does not show it.
        var rule = await node.Http.GetStringAsync("/api/v1/rules/fix");
        Assert.Contains("\"webhook\":\"***\"", rule);
        Assert.DoesNotContain(_endpoint.Url.AbsolutePath, rule);
    }

    [Fact]
    public async Task With_page_immediately_a_success_resolves_the_incident_it_paged()
    {
        _endpoint.Script(RemediationAnswer.Resolved);
        await using var node = await TestNode.StartAsync(_directory, Hocon("immediately"));

        await AlertApi.PostCriticalAsync(node.Http, "fix-1", "db-1");
        await ResolvedAsync(node.Http);

        await Eventually.HoldsAsync(
            () => PagerDutyActions().Count == 2,
            Within,
            "PagerDuty never got the trigger and the resolve"
        );
        Assert.Equal(["trigger", "resolve"], PagerDutyActions());
    }

    private static async Task<JsonNode> ResolvedAsync(HttpClient http) =>
        await Eventually.HoldsAsync(
            async () =>
                await AlertApi.TryGetAsync(http, DedupKey) is { } alert
                && alert["status"]!.GetValue<string>() == "resolved"
                    ? alert
                    : null,
            Within,
            "the remediation endpoint's success never resolved the alert"
        );

    private static JsonNode Resolution(JsonNode alert) =>
        alert["timeline"]!.AsArray().Last(e => e!["change"]!.GetValue<string>() == "resolved")!;
}
