using System.Data.Common;
using AlertActors.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AlertActors.Projection;

/// <summary>
/// The journal's database as the read store talks to it, in either dialect: connections (SQLite with a busy timeout,
/// PostgreSQL from one data source), read-only snapshots, commands and parameters, and the readiness probe.
/// </summary>
internal sealed class ReadStoreDatabase
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;

    public ReadStoreDatabase(PersistenceSettings settings)
    {
        _connectionString = settings.ConnectionString;
        if (settings.Provider == PersistenceSettings.PostgreSql)
            _postgres = NpgsqlDataSource.Create(settings.ConnectionString);
    }

    public bool IsPostgres => _postgres is not null;

    /// <summary>An open connection, without creating the schema first.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
            return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        // Wait for the write lock inside SQLite (it retries within milliseconds) rather than failing with
        // SQLITE_BUSY, which Microsoft.Data.Sqlite retries only every 150 ms.
        await using var busyTimeout = Command(connection, "PRAGMA busy_timeout = 30000;");
        await busyTimeout.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Whether the database that holds the journal answers a trivial query within <paramref name="timeout"/>
    /// (the node's <c>journal_reachable</c> readiness check).</summary>
    public async Task<bool> IsReachableAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await using var connection = await OpenAsync(deadline.Token).ConfigureAwait(false);
            await using var command = Command(connection, "SELECT 1");
            await command.ExecuteScalarAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex)
            when (ex is DbException or OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>A snapshot for reading that takes no write lock (SQLite's default transaction would).</summary>
    public static async Task<DbTransaction> BeginReadAsync(
        DbConnection connection,
        CancellationToken cancellationToken
    ) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection
                .BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken)
                .ConfigureAwait(false);

    public static DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
