using AlertActors.Actors.Tests;
using AlertActors.Configuration;
using AlertActors.Projection;
using AlertActors.TestSupport;
using Npgsql;
using static AlertActors.Actors.Tests.FiringPeriodJournal;

namespace AlertActors.PostgreSqlTests;

/// <summary>
/// The read store's <c>firing_period</c> rows on PostgreSQL, as <c>AlertActors.Actors.Tests.FiringPeriodTableTests</c>
/// checks them on SQLite: folded from the alert's journal events, unchanged by a replay, rebuilt the same, scoped by
/// tenant, and filled in for a read store from a version without the table.
/// </summary>
public sealed class FiringPeriodTableTests
{
    [PostgreSqlFact]
    public async Task Rows_follow_the_journal_survive_a_replay_and_rebuild_the_same()
    {
        using var database = new PostgreSqlDatabase();
        using var rebuiltDatabase = new PostgreSqlDatabase();
        var store = new AlertReadStore(Settings(database));
        var journal = Envelopes();

        await ProjectAsync(store, journal, batchSize: 2);
        Assert.Equal(Expected(), await StoredAsync(store));
        Assert.Equal(["site-b:disk"], (await StoredAsync(store, ["site-b"])).Select(p => p.DedupKey));

        await ProjectAsync(store, journal, batchSize: 3);
        Assert.Equal(Expected(), await StoredAsync(store));

        var rebuilt = new AlertReadStore(Settings(rebuiltDatabase));
        await ProjectAsync(rebuilt, journal, batchSize: 100);
        Assert.Equal(Expected(), await StoredAsync(rebuilt));
    }

    [PostgreSqlFact]
    public async Task A_read_store_from_a_version_without_the_table_gets_it_filled_from_the_alert_list()
    {
        using var database = new PostgreSqlDatabase();
        await ProjectAsync(new AlertReadStore(Settings(database)), Envelopes(), batchSize: 100);
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP TABLE firing_period", connection);
            await drop.ExecuteNonQueryAsync();
        }

        var migrated = await StoredAsync(new AlertReadStore(Settings(database)));

        Assert.Equal(ExpectedAfterBackfill(), migrated);
        Assert.Equal(migrated, await StoredAsync(new AlertReadStore(Settings(database))));
    }

    private static PersistenceSettings Settings(PostgreSqlDatabase database) =>
        new(PersistenceSettings.PostgreSql, database.ConnectionString);
}
