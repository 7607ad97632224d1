using System.Net;
using System.Net.Http.Json;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// Found by the chaos bench (bench/AlertActors.Bench, ChaosScenario): an exact redelivery of a resolve event is not
/// dropped when the first delivery of that event changed nothing (the alert was already resolved, or did not exist).
/// AlertState.Decide records an event id in RecentEventIds only through OccurrenceRecorded, and a resolve of an alert
/// that is not open returns Decision.Nothing, so its id is never remembered. Redelivered later (Kafka redelivers the
/// uncommitted messages of a crashed consumer; the ingest retries an ask that timed out), after a newer trigger has
/// opened the alert again, the stale resolve closes it: the alert ends resolved although the producer's last word was
/// a trigger, and PagerDuty gets a resolve the events never asked for (an event id is what drops exact redeliveries).
/// </summary>
public sealed class RedeliveredResolveTests : IAsyncLifetime
{
    private const string DedupKey = "default:health.check.failed:redelivery-host";
    private readonly TestDirectory _directory = new();
    private TestNode _node = null!;

    public async Task InitializeAsync() => _node = await TestNode.StartAsync(_directory, "");

    [Fact]
    public async Task A_redelivered_resolve_that_found_the_alert_already_resolved_does_not_resolve_it_after_a_new_trigger()
    {
        await PostAsync("e1", "trigger");
        await PostAsync("e2", "resolve");
        await PostAsync("e3", "resolve"); // already resolved: changes nothing
        await PostAsync("e4", "trigger"); // a new firing period
        Assert.Equal("firing", (await _node.TryGetAlertAsync(DedupKey))!["status"]!.GetValue<string>());

        await PostAsync("e3", "resolve"); // the exact same event again (a redelivery)

        var alert = (await _node.TryGetAlertAsync(DedupKey))!;
        Assert.Equal(
            ["firing", "resolved", "firing"],
            alert["timeline"]!.AsArray().Select(t => t!["change"]!.GetValue<string>())
        );
        Assert.Equal("firing", alert["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_redelivered_resolve_that_came_before_any_trigger_does_not_resolve_the_alert_opened_since()
    {
        await PostAsync("r0", "resolve"); // no alert yet: changes nothing
        await PostAsync("t1", "trigger");

        await PostAsync("r0", "resolve"); // the exact same event again (a redelivery)

        var alert = (await _node.TryGetAlertAsync(DedupKey))!;
        Assert.Equal(["firing"], alert["timeline"]!.AsArray().Select(t => t!["change"]!.GetValue<string>()));
        Assert.Equal("firing", alert["status"]!.GetValue<string>());
    }

    private async Task PostAsync(string id, string action)
    {
        using var response = await _node.Http.PostAsJsonAsync(
            "/api/v1/events",
            new
            {
                id,
                source = "health-checker",
                type = "health.check.failed",
                subject = "redelivery-host",
                severity = "critical",
                action,
            }
        );
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _directory.Dispose();
    }
}
