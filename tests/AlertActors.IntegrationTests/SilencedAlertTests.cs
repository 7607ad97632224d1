using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Silences;
using AlertActors.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AlertActors.IntegrationTests;

/// <summary>A silence created by API holds a matching alert's page until it is expired.</summary>
public sealed class SilencedAlertTests : IDisposable
{
    private const string DedupKey = "site-b:health.check.failed:db-3";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();

    [Fact]
    public async Task A_silenced_alert_records_occurrences_notifies_nobody_and_pages_once_the_silence_is_expired()
    {
        await using var node = await TestNode.StartAsync(
            _directory,
            _providers.Hocon + "\nalertactors.entity.silence-check-interval = 500ms\n"
        );
        using var created = await node.Http.PostAsJsonAsync(
            "/api/v1/silences",
            new
            {
                matchers = new[]
                {
                    new
                    {
                        name = "tenant",
                        value = "site-b",
                        is_regex = false,
                        is_equal = true,
                    },
                },
                duration = "2h",
                created_by = "alice",
                comment = "maintenance of site-b",
            }
        );
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var silenceId = (await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!.GetValue<string>();
        var lookup = node.Services.GetRequiredService<ISilenceLookup>();
        var probe = AlertState.Empty(DedupKey) with { Tenant = "site-b" };
        await Eventually.HoldsAsync(
            () => lookup.ActiveFor(probe, DateTimeOffset.UtcNow) is not null,
            Within,
            "the node's silence cache never received the new silence"
        );

        await Post(node, "s-1");
        await Post(node, "s-2");
        var alert = (await node.TryGetAlertAsync(DedupKey))!;
        Assert.Equal("firing", alert["status"]!.GetValue<string>());
        Assert.True(alert["silenced"]!.GetValue<bool>());
        Assert.Equal(2, alert["occurrences"]!.GetValue<long>());
        Assert.Equal(1, alert["suppressed"]!.GetValue<long>());
        Assert.Empty(alert["deliveries"]!.AsArray());
        Assert.Empty(_providers.PagerDutyCalls);

        using var expired = await node.Http.DeleteAsync($"/api/v1/silences/{silenceId}");
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        await Eventually.HoldsAsync(
            () => _providers.PagerDutyCalls.Count == 1 && _providers.OpsGenieCalls.Count == 1,
            Within,
            "the held-back page never went out after the silence was expired"
        );
        Assert.Equal("trigger", ProviderStubs.BodyOf(_providers.PagerDutyCalls[0])["event_action"]!.GetValue<string>());
        Assert.False((await node.TryGetAlertAsync(DedupKey))!["silenced"]!.GetValue<bool>());
    }

    private static async Task Post(TestNode node, string id)
    {
        using var response = await node.Http.PostAsJsonAsync(
            "/api/v1/events",
            new
            {
                id,
                source = "health-checker",
                type = "health.check.failed",
                subject = "db-3",
                severity = "critical",
                tenant = "site-b",
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
