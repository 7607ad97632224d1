using AlertActors.Configuration;
using AlertActors.Projection;
using Microsoft.Data.Sqlite;
using static AlertActors.Actors.Tests.FiringPeriodJournal;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The read store's <c>firing_period</c> rows on SQLite, folded by the projection's updater from journal events the
/// alert decided (<see cref="FiringPeriodJournal"/>): written as the journal goes, unchanged by a replay, the same when
/// rebuilt from the whole journal in one batch, scoped by tenant, and filled in for a read store from a version
/// without the table. The same on PostgreSQL: <c>AlertActors.PostgreSqlTests.FiringPeriodTableTests</c>.
/// </summary>
public sealed class FiringPeriodTableTests : IDisposable
{
    private readonly string _directory = AlertEntityTestConfig.NewDirectory();

    private PersistenceSettings Database(string name) =>
        new(PersistenceSettings.Sqlite, $"Data Source={Path.Combine(_directory, name)}");

    [Fact]
    public async Task Rows_follow_the_journal_survive_a_replay_and_rebuild_the_same()
    {
        var store = new AlertReadStore(Database("read.db"));
        var journal = Envelopes();

        await ProjectAsync(store, journal, batchSize: 2);

        Assert.Equal(Expected(), await StoredAsync(store));
        Assert.Equal(["site-a:dns", "site-a:dns"], (await StoredAsync(store, ["site-a"])).Select(p => p.DedupKey));
        Assert.Empty(await StoredAsync(store, []));

        await ProjectAsync(store, journal, batchSize: 3);
        Assert.Equal(Expected(), await StoredAsync(store));

        var rebuilt = new AlertReadStore(Database("rebuilt.db"));
        await ProjectAsync(rebuilt, journal, batchSize: 100);
        Assert.Equal(Expected(), await StoredAsync(rebuilt));
    }

    [Fact]
    public async Task A_read_store_from_a_version_without_the_table_gets_it_filled_from_the_alert_list()
    {
        var settings = Database("old.db");
        await ProjectAsync(new AlertReadStore(settings), Envelopes(), batchSize: 100);
        await using (var connection = new SqliteConnection(settings.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE firing_period";
            await drop.ExecuteNonQueryAsync();
        }

        var migrated = await StoredAsync(new AlertReadStore(settings));

        Assert.Equal(ExpectedAfterBackfill(), migrated);
        Assert.Equal(migrated, await StoredAsync(new AlertReadStore(settings)));
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
