using System.Text.Json;
using AlertActors.TestSupport;
using Microsoft.Data.Sqlite;

namespace AlertActors.IntegrationTests;

/// <summary>
/// A whole node started on the database an earlier version wrote (GoldenJournal/f2d64ce: one row per domain event, CLR
/// type names as manifests, tags, snapshots, the sharding coordinator's and remember-entities rows). With the alert
/// list dropped, its projection rebuilds every row from the old journal through <c>AllEvents</c> (reading past the
/// sharding rows), and every alert answers as that version showed it; those whose auto-resolve fell due since were
/// resolved by this node's scheduler.
/// </summary>
public sealed class GoldenJournalNodeTests : IDisposable
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "GoldenJournal", "f2d64ce");
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task A_node_on_an_old_journal_rebuilds_its_alert_list_and_answers_every_alert_as_before()
    {
        var database = Path.Combine(_directory.Path, "alertactors.db");
        File.Copy(Path.Combine(Fixture, "alertactors.db"), database);
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DELETE FROM alert_list; DELETE FROM projection_offset;";
            await drop.ExecuteNonQueryAsync();
        }
        var expected = Directory
            .GetFiles(Path.Combine(Fixture, "expected"), "*.json")
            .Select(file => JsonDocument.Parse(File.ReadAllText(file)).RootElement.Clone())
            .ToDictionary(alert => alert.GetProperty("dedup_key").GetString()!);

        await using var node = await NodeProcess.StartAsync(_directory, "");

        var listed = await Eventually.HoldsAsync(
            async () =>
            {
                using var page = JsonDocument.Parse(await node.Http.GetStringAsync("/api/v1/alerts?limit=100"));
                var alerts = page
                    .RootElement.GetProperty("alerts")
                    .EnumerateArray()
                    .ToDictionary(
                        a => a.GetProperty("dedup_key").GetString()!,
                        a => a.GetProperty("status").GetString()!
                    );
                return alerts.Count == expected.Count ? alerts : null;
            },
            TimeSpan.FromSeconds(60),
            "the alert list was not rebuilt from the old journal"
        );

        foreach (var (key, old) in expected)
        {
            var status = old.GetProperty("status").GetString();
            Assert.True(
                listed[key] == status || (listed[key] == "resolved" && status != "resolved"),
                $"{key}: listed {listed[key]}, was {status}"
            );
            using var now = JsonDocument.Parse(
                await node.Http.GetStringAsync($"/api/v1/alerts/{Uri.EscapeDataString(key)}")
            );
            var alert = now.RootElement;
            Assert.Equal(old.GetProperty("occurrences").GetInt64(), alert.GetProperty("occurrences").GetInt64());
            Assert.Equal(
                old.GetProperty("first_seen").GetDateTimeOffset(),
                alert.GetProperty("first_seen").GetDateTimeOffset()
            );
            Assert.Equal(old.GetProperty("firing_period").GetInt32(), alert.GetProperty("firing_period").GetInt32());
            var timeline = old.GetProperty("timeline")
                .EnumerateArray()
                .Select(e => e.GetProperty("change").GetString())
                .ToList();
            var timelineNow = alert
                .GetProperty("timeline")
                .EnumerateArray()
                .Select(e => e.GetProperty("change").GetString())
                .ToList();
            Assert.Equal(timeline, timelineNow.Take(timeline.Count));
            var deliveries = old.GetProperty("deliveries")
                .EnumerateArray()
                .Select(d => (d.GetProperty("id").GetInt64(), d.GetProperty("status").GetString()))
                .ToList();
            var deliveriesNow = alert
                .GetProperty("deliveries")
                .EnumerateArray()
                .Select(d => (d.GetProperty("id").GetInt64(), d.GetProperty("status").GetString()))
                .ToList();
            Assert.Equal(deliveries, deliveriesNow.Take(deliveries.Count));
        }
    }

    public void Dispose() => _directory.Dispose();
}
