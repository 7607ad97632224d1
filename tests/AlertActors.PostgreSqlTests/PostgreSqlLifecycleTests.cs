using System.Net;
using System.Net.Http.Json;
using AlertActors.TestSupport;

namespace AlertActors.PostgreSqlTests;

/// <summary>The same journal, snapshots, read model and silences on PostgreSQL
/// (ALERTACTORS_DB_PROVIDER=postgresql).</summary>
public sealed class PostgreSqlLifecycleTests : IDisposable
{
    private const string DedupKey = "default:health.check.failed:pg-1";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly TestDirectory _directory = new();
    private readonly ProviderStubs _providers = new();
    private readonly PostgreSqlDatabase _database = new();

    private string Hocon =>
        _providers.Hocon
        + $$"""

            alertactors.persistence { provider = postgresql, connection-string = {{TestNode.Quote(
                _database.ConnectionString
            )}} }
            alertactors.entity.snapshot-every = 3
            """;

    [PostgreSqlFact]
    public async Task An_alert_fires_resolves_snapshots_and_survives_a_restart_on_PostgreSQL()
    {
        await using (var node = await TestNode.StartAsync(_directory, Hocon))
        {
            for (var i = 0; i < 5; i++)
                await PostAsync(node, $"pg-{i}", "trigger");
            await PostAsync(node, "pg-resolve", "resolve");
            await Eventually.HoldsAsync(
                () => _providers.PagerDutyCalls.Count == 2 && _providers.OpsGenieCalls.Count == 2,
                Within,
                "trigger and resolve never reached both providers"
            );
            await Eventually.HoldsAsync(
                async () => (await node.GetJsonAsync("/api/v1/alerts?status=resolved"))["total"]!.GetValue<int>() == 1,
                Within,
                "the read model on PostgreSQL never listed the resolved alert"
            );
        }

        await using var restarted = await TestNode.StartAsync(_directory, Hocon);
        var alert = await restarted.TryGetAlertAsync(DedupKey);
        Assert.Equal(("resolved", 5L), (alert!["status"]!.GetValue<string>(), alert["occurrences"]!.GetValue<long>()));
        Assert.Equal(
            ["firing", "resolved"],
            alert["timeline"]!.AsArray().Select(t => t!["change"]!.GetValue<string>())
        );
        await PostAsync(restarted, "pg-0", "trigger"); // a redelivered id after the restart changes nothing
        Assert.Equal(5L, (await restarted.TryGetAlertAsync(DedupKey))!["occurrences"]!.GetValue<long>());
        Assert.Equal(2, _providers.PagerDutyCalls.Count);
    }

    private static async Task PostAsync(TestNode node, string id, string action)
    {
        using var response = await node.Http.PostAsJsonAsync(
            "/api/v1/events",
            new
            {
                id,
                source = "health-checker",
                type = "health.check.failed",
                subject = "pg-1",
                severity = "critical",
                action,
            }
        );
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    public void Dispose()
    {
        _providers.Dispose();
        _database.Dispose();
        _directory.Dispose();
    }
}
