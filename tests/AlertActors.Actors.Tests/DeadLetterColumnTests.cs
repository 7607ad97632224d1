using System.Collections.Immutable;
using System.Text.Json;
using Akka.Persistence.Query;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Serialization;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Projection;
using Microsoft.Data.Sqlite;
using static AlertActors.Domain.Alerts.AlertJournalEvents;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The dead-letter columns of <c>alert_list</c> (<c>dead_deliveries</c>, <c>last_dead_at</c>): kept by the
/// projection's updater as it writes rows, queried cluster-wide by <see cref="AlertReadStore.ListDeadAsync"/>,
/// and added to (and back-filled in) a table written by a version without them.
/// </summary>
public sealed class DeadLetterColumnTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
    private readonly string _directory = AlertEntityTestConfig.NewDirectory();
    private readonly PersistenceSettings _settings;
    private long _ordering;

    public DeadLetterColumnTests() =>
        _settings = new PersistenceSettings(
            PersistenceSettings.Sqlite,
            $"Data Source={Path.Combine(_directory, "read.db")}"
        );

    [Fact]
    public async Task The_updater_keeps_the_dead_count_and_the_list_pages_dead_deliveries_newest_first()
    {
        var store = new AlertReadStore(_settings);
        var updater = new AlertListUpdater(
            store,
            AlertListProjector.ProjectionName,
            (key, _) => throw new InvalidOperationException($"unexpected heal of {key}")
        );

        await updater.ApplyAsync([
            .. Envelopes(
                "t:a",
                1,
                Occurrence("t:a"),
                new Fired(T0, 1),
                Scheduled("t:a", 1, ProviderNames.PagerDuty),
                Scheduled("t:a", 2, ProviderNames.OpsGenie),
                new DeliveryCompleted(
                    1,
                    T0.AddMinutes(1),
                    DeliveryStatus.Dead,
                    "HTTP 400: {\"message\":\"Invalid routing key\"}"
                ),
                new DeliveryCompleted(2, T0.AddMinutes(2), DeliveryStatus.Dead, "HTTP 422: bad alias")
            ),
            .. Envelopes(
                "t:b",
                1,
                Occurrence("t:b"),
                new Fired(T0, 1),
                Scheduled("t:b", 1, ProviderNames.PagerDuty),
                new DeliveryCompleted(1, T0.AddMinutes(5), DeliveryStatus.Dead, "out of retry budget")
            ),
            .. Envelopes(
                "t:c",
                1,
                Occurrence("t:c"),
                new Fired(T0, 1),
                Scheduled("t:c", 1, ProviderNames.PagerDuty),
                new DeliveryCompleted(1, T0.AddMinutes(9), DeliveryStatus.Delivered, "HTTP 202: ok")
            ),
        ]);

        Assert.Equal(
            new Dictionary<string, long?>
            {
                ["t:a"] = 2,
                ["t:b"] = 1,
                ["t:c"] = 0,
            },
            await DeadColumnAsync()
        );
        var all = await store.ListDeadAsync(0, 10);
        Assert.Equal(3, all.Total);
        Assert.Equal(["t:b#1", "t:a#2", "t:a#1"], Ids(all));
        Assert.Equal("HTTP 400: {\"message\":\"Invalid routing key\"}", all.Deliveries[2].Delivery.Detail);
        Assert.Equal(AlertStatus.Firing, all.Deliveries[2].Alert.Status);

        // Paging is per delivery, also inside one alert's outbox.
        Assert.Equal(["t:a#2"], Ids(await store.ListDeadAsync(1, 1)));
        Assert.Equal(["t:b#1", "t:a#2"], Ids(await store.ListDeadAsync(0, 2)));
        Assert.Equal(["t:a#1"], Ids(await store.ListDeadAsync(2, 5)));
        var beyond = await store.ListDeadAsync(3, 5);
        Assert.Empty(beyond.Deliveries);
        Assert.Equal(3, beyond.Total);

        // A requeued delivery leaves the list; one that dies again comes back.
        await updater.ApplyAsync([.. Envelopes("t:a", 7, new DeliveryRequeued(2, T0.AddMinutes(10), "alice"))]);
        Assert.Equal(1, (await DeadColumnAsync())["t:a"]);
        var afterRetry = await store.ListDeadAsync(0, 10);
        Assert.Equal(2, afterRetry.Total);
        Assert.Equal(["t:b#1", "t:a#1"], Ids(afterRetry));

        await updater.ApplyAsync([
            .. Envelopes("t:a", 8, new DeliveryCompleted(2, T0.AddMinutes(11), DeliveryStatus.Dead, "HTTP 400: again")),
        ]);
        Assert.Equal(["t:a#2", "t:a#1", "t:b#1"], Ids(await store.ListDeadAsync(0, 10)));
    }

    [Fact]
    public async Task A_table_from_the_previous_version_gets_the_columns_and_its_rows_are_back_filled()
    {
        var dead = State(
            "t:old-dead",
            Occurrence("t:old-dead"),
            new Fired(T0, 1),
            Scheduled("t:old-dead", 1, ProviderNames.PagerDuty),
            new DeliveryCompleted(1, T0.AddMinutes(1), DeliveryStatus.Dead, "HTTP 400: nope")
        );
        var fine = State("t:old-fine", Occurrence("t:old-fine"), new Fired(T0, 1));
        await using (var connection = new SqliteConnection(_settings.ConnectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(
                connection,
                """
                CREATE TABLE alert_list (
                    dedup_key TEXT NOT NULL PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    status TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    last_seen BIGINT NOT NULL,
                    sequence_nr BIGINT NOT NULL,
                    state_json TEXT NOT NULL
                )
                """
            );
            foreach (var (state, sequenceNr) in new[] { (dead, 4L), (fine, 2L) })
            {
                await using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO alert_list VALUES (@key, 't', @status, 'critical', 0, @seq, @json)";
                insert.Parameters.AddWithValue("key", state.DedupKey);
                insert.Parameters.AddWithValue("status", state.Status.ToName());
                insert.Parameters.AddWithValue("seq", sequenceNr);
                insert.Parameters.AddWithValue("json", JsonSerializer.Serialize(state, AlertJsonSerializer.Options));
                await insert.ExecuteNonQueryAsync();
            }
        }

        var page = await new AlertReadStore(_settings).ListDeadAsync(0, 10);

        Assert.Equal(["t:old-dead#1"], Ids(page));
        Assert.Equal(1, page.Total);
        Assert.Equal(new Dictionary<string, long?> { ["t:old-dead"] = 1, ["t:old-fine"] = 0 }, await DeadColumnAsync());
        await using (var connection = new SqliteConnection(_settings.ConnectionString))
        {
            await connection.OpenAsync();
            await using var indexes = connection.CreateCommand();
            indexes.CommandText =
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_alert_list_dead%' ORDER BY name";
            var names = new List<string>();
            await using var reader = await indexes.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                names.Add(reader.GetString(0));
            Assert.Equal(["ix_alert_list_dead", "ix_alert_list_dead_unknown"], names);
        }

        // A second process on the migrated table: nothing to add, nothing to fill, same answer.
        Assert.Equal(["t:old-dead#1"], Ids(await new AlertReadStore(_settings).ListDeadAsync(0, 10)));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static List<string> Ids(DeadDeliveryPage page) =>
        page.Deliveries.Select(d => $"{d.Alert.DedupKey}#{d.Delivery.Number}").ToList();

    private IEnumerable<EventEnvelope> Envelopes(
        string key,
        long firstSequenceNr,
        params IAlertJournalEvent[] events
    ) =>
        events
            .Select(
                (e, i) =>
                    new EventEnvelope(
                        Offset.Sequence(++_ordering),
                        AlertEntity.PersistenceIdPrefix + key,
                        firstSequenceNr + i,
                        e,
                        T0.ToUnixTimeMilliseconds(),
                        []
                    )
            )
            .ToList();

    private static AlertState State(string key, params IAlertJournalEvent[] events) =>
        events.Aggregate(AlertState.Empty(key), (state, e) => state.Apply(e));

    private static OccurrenceRecorded Occurrence(string key) =>
        new(
            new Occurrence(
                "e1",
                T0,
                EventAction.Trigger,
                Severity.Critical,
                "Rogue DHCP lease",
                "dhcp-watcher/site-a",
                "dhcp.lease.rogue_mac",
                key,
                "t",
                "default",
                ImmutableArray.Create(ProviderNames.PagerDuty),
                Details: null,
                AlertPolicy.Default
            ),
            T0
        );

    private static DeliveryScheduled Scheduled(string key, long number, string provider) =>
        new(
            new OutboxDelivery(
                number,
                provider,
                new NotificationRequest(
                    key,
                    NotificationAction.Trigger,
                    "Rogue DHCP lease",
                    Severity.Critical,
                    "dhcp-watcher/site-a",
                    "dhcp.lease.rogue_mac",
                    key,
                    "t",
                    T0,
                    Details: null
                ),
                T0
            )
        );

    private async Task<Dictionary<string, long?>> DeadColumnAsync()
    {
        await using var connection = new SqliteConnection(_settings.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT dedup_key, dead_deliveries FROM alert_list";
        var counts = new Dictionary<string, long?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            counts[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        return counts;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException) { }
    }
}
