using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.TestSupport;
using WireMock.Logging;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Escalation end to end (README "Escalation"): a node process pages, escalates step by step through the provider
/// stubs, is killed between two steps and restarted, and a resolve over the API closes every incident the steps opened.
/// </summary>
public sealed class EscalationTests : IDisposable
{
    private const string DedupKey = "default:health.check.failed:db-9";
    private const string StepOneKey = "escalation-one-key-0123456789abcdef";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(90);
    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    private string Hocon =>
        _providers.Hocon
        + $$"""

            alertactors.rules = [
              {
                name = db
                dedup-key = "{tenant}:{type}:{subject}"
                repeat-interval = 0
                auto-resolve-after = 0
                escalation = [
                  { after = 3s, notify { providers = [pagerduty], route { pagerduty { routing-key = "{{StepOneKey}}" } } } }
                  { after = 25s, notify { providers = [opsgenie], route { opsgenie { responders = ["team:dba"] } } } }
                ]
              }
            ]
            """;

    [Fact]
    public async Task A_kill_between_two_steps_loses_no_step_and_repeats_none_and_a_resolve_closes_every_incident()
    {
        await using (var node = await NodeProcess.StartAsync(_directory, Hocon))
        {
            await AlertApi.PostCriticalAsync(node.Http, "esc-1", "db-9");
            // Kill once step 1's trigger is confirmed: otherwise the restart rightly sends it again (at least once).
            await Eventually.HoldsAsync(
                async () => AlertApi.AllDelivered(await AlertApi.TryGetAsync(node.Http, DedupKey), expected: 3),
                Within,
                "the page and escalation step 1 were never confirmed"
            );
            Assert.Empty(Incidents(_providers.OpsGenieCalls, "/escalation-2")); // the kill comes between the steps
            // The alert says how far it escalated and when the next step falls due (25 s after the first page).
            var between = (await AlertApi.TryGetAsync(node.Http, DedupKey))!;
            Assert.Equal(1, between["escalation_steps"]!.GetValue<int>());
            var pagedAt = between["deliveries"]![0]!["created_at"]!.GetValue<DateTimeOffset>();
            Assert.Equal(
                pagedAt.AddSeconds(25),
                between["next_escalation_at"]!.GetValue<DateTimeOffset>(),
                TimeSpan.FromSeconds(1)
            );
            await node.KillAsync();
        }

        var stepOne = Assert.Single(Incidents(_providers.PagerDutyCalls, "/escalation-1"));
        Assert.Equal(StepOneKey, Body(stepOne)["routing_key"]!.GetValue<string>());
        Assert.Equal("trigger", Body(stepOne)["event_action"]!.GetValue<string>());
        Assert.Equal(ProviderStubs.RoutingKey, Body(_providers.PagerDutyCalls[0])["routing_key"]!.GetValue<string>());

        await using var restarted = await NodeProcess.StartAsync(_directory, Hocon);
        await Eventually.HoldsAsync(
            () => Incidents(_providers.OpsGenieCalls, "/escalation-2").Count > 0,
            Within,
            "escalation step 2 never reached OpsGenie after the restart"
        );
        var stepTwo = Assert.Single(Incidents(_providers.OpsGenieCalls, "/escalation-2"));
        Assert.Equal("dba", Body(stepTwo)["responders"]![0]!["name"]!.GetValue<string>());
        Assert.Single(Incidents(_providers.PagerDutyCalls, "/escalation-1")); // not repeated by the restart

        using var resolve = await restarted.Http.PostAsJsonAsync(
            $"/api/v1/alerts/{Uri.EscapeDataString(DedupKey)}/resolve",
            new { by = "alice" }
        );
        resolve.EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(
            () =>
                _providers.PagerDutyCalls.Count(c => Body(c)["event_action"]!.GetValue<string>() == "resolve") == 2
                && _providers.OpsGenieCalls.Count(c => c.RequestMessage.Path.EndsWith("/close")) == 2,
            Within,
            "the resolve did not reach the alert's incidents and every escalation incident"
        );
        var stepOneResolve = _providers.PagerDutyCalls.Single(c =>
            Body(c)["event_action"]!.GetValue<string>() == "resolve"
            && Body(c)["dedup_key"]!.GetValue<string>() == DedupKey + "/escalation-1"
        );
        Assert.Equal(StepOneKey, Body(stepOneResolve)["routing_key"]!.GetValue<string>());
        Assert.Contains(
            _providers.OpsGenieCalls,
            c => Uri.UnescapeDataString(c.RequestMessage.Path).Contains(DedupKey + "/escalation-2/close")
        );

        var alert = (await AlertApi.TryGetAsync(restarted.Http, DedupKey))!;
        Assert.Equal(
            ["escalated to step 1: pagerduty", "escalated to step 2: opsgenie"],
            alert["timeline"]!
                .AsArray()
                .Where(t => t!["change"]!.GetValue<string>() == "escalated")
                .Select(t => t!["note"]!.GetValue<string>())
        );
        Assert.Contains(alert["deliveries"]!.AsArray(), d => d!["escalation_step"]?.GetValue<int>() == 2);
        Assert.Equal(2, alert["escalation_steps"]!.GetValue<int>());
        Assert.Null(alert["next_escalation_at"]); // resolved: nothing more is due
        // The postmortem timeline tells the steps' calls from the alert's own.
        var markdown = await restarted.Http.GetStringAsync(
            $"/api/v1/alerts/{Uri.EscapeDataString(DedupKey)}/timeline?format=markdown"
        );
        Assert.Contains("| notified pagerduty (trigger) |", markdown);
        Assert.Contains("| notified pagerduty (trigger, escalation step 1) |", markdown);
        Assert.Contains("| notified opsgenie (resolve, escalation step 2) |", markdown);
        Assert.DoesNotContain(StepOneKey, alert.ToJsonString());
        Assert.DoesNotContain(StepOneKey, restarted.Output);
    }

    /// <summary>The calls about the incident whose key ends with <paramref name="suffix"/> (PagerDuty's dedup_key,
    /// OpsGenie's alias on create).</summary>
    private static List<ILogEntry> Incidents(IReadOnlyList<ILogEntry> calls, string suffix) =>
        [
            .. calls.Where(c =>
                Body(c) is JsonObject body
                && (body["dedup_key"] ?? body["alias"])?.GetValue<string>() == DedupKey + suffix
            ),
        ];

    private static JsonNode Body(ILogEntry entry) => ProviderStubs.BodyOf(entry);

    public void Dispose()
    {
        _providers.Dispose();
        _directory.Dispose();
    }
}
