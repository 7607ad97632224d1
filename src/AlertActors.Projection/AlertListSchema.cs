using System.Data.Common;
using AlertActors.Domain.Alerts;
using Microsoft.Data.Sqlite;

namespace AlertActors.Projection;

using static ReadStoreDatabase;

/// <summary>
/// The read store's tables: <c>alert_list</c>, <c>projection_offset</c> and <c>firing_period</c>
/// (<see cref="FiringPeriodTable"/>), created on first use, and a table from an
/// earlier version migrated: missing columns are added and rows written without them are back-filled from their JSON.
/// </summary>
/// <param name="nextDueOf">The <c>next_due_at</c> of a state, for rows written before the column existed.</param>
internal sealed class AlertListSchema(ReadStoreDatabase database, Func<AlertState, DateTimeOffset?> nextDueOf)
{
    private readonly Lock _lock = new();
    private Task? _created;

    /// <summary>Creates the tables once per process; a failed attempt is retried on the next call.</summary>
    public Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
                _created = CreateSchemaAsync(cancellationToken);
            return _created;
        }
    }

    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        // Binary collation for the key on PostgreSQL too, so both databases page in the same order.
        var keyType = database.IsPostgres ? "TEXT COLLATE \"C\"" : "TEXT";
        string[] statements =
        [
            $"""
                CREATE TABLE IF NOT EXISTS alert_list (
                    dedup_key {keyType} NOT NULL PRIMARY KEY,
                    tenant TEXT NOT NULL,
                    status TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    last_seen BIGINT NOT NULL,
                    sequence_nr BIGINT NOT NULL,
                    state_json TEXT NOT NULL,
                    dead_deliveries INTEGER,
                    last_dead_at BIGINT,
                    next_due_at BIGINT
                )
                """,
            "CREATE INDEX IF NOT EXISTS ix_alert_list_last_seen ON alert_list (last_seen DESC, dedup_key)",
            "CREATE INDEX IF NOT EXISTS ix_alert_list_status_last_seen ON alert_list (status, last_seen DESC, dedup_key)",
            "CREATE INDEX IF NOT EXISTS ix_alert_list_tenant_last_seen ON alert_list (tenant, last_seen DESC, dedup_key)",
            """
                CREATE TABLE IF NOT EXISTS projection_offset (
                    projection_name TEXT NOT NULL PRIMARY KEY,
                    ordering BIGINT NOT NULL
                )
                """,
        ];
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sql in statements)
        {
            await using var command = Command(connection, sql);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Migration from a version without the dead-letter columns: add them (NULL in existing rows), index
        // them, then fill them in from each such row's state.
        await AddColumnIfMissingAsync(connection, "dead_deliveries", "INTEGER", cancellationToken)
            .ConfigureAwait(false);
        await AddColumnIfMissingAsync(connection, "last_dead_at", "BIGINT", cancellationToken).ConfigureAwait(false);
        // Migration from a version without the due index: rows written without it are filled in from their state
        var dueMissing = !await ColumnExistsAsync(connection, "next_due_at", cancellationToken).ConfigureAwait(false);
        await AddColumnIfMissingAsync(connection, "next_due_at", "BIGINT", cancellationToken).ConfigureAwait(false);
        string[] indexes =
        [
            "CREATE INDEX IF NOT EXISTS ix_alert_list_dead ON alert_list (last_dead_at DESC, dedup_key) WHERE dead_deliveries > 0",
            "CREATE INDEX IF NOT EXISTS ix_alert_list_dead_unknown ON alert_list (dedup_key) WHERE dead_deliveries IS NULL",
            "CREATE INDEX IF NOT EXISTS ix_alert_list_next_due ON alert_list (next_due_at) WHERE next_due_at IS NOT NULL",
        ];
        foreach (var sql in indexes)
        {
            await using var command = Command(connection, sql);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await BackfillDeadLettersAsync(connection, cancellationToken).ConfigureAwait(false);
        if (dueMissing)
            await BackfillDueTimesAsync(connection, cancellationToken).ConfigureAwait(false);
        await FiringPeriodTable.EnsureAsync(database, connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Fills <c>next_due_at</c> of every row from its state (once, when the column is added).</summary>
    private async Task BackfillDueTimesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = new List<(string Key, long SequenceNr, long Due)>();
        await using (var select = Command(connection, "SELECT dedup_key, sequence_nr, state_json FROM alert_list"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (nextDueOf(AlertReadStore.Deserialize(reader.GetString(2))) is { } due)
                    rows.Add((reader.GetString(0), reader.GetInt64(1), due.ToUnixTimeMilliseconds()));
            }
        }
        foreach (var chunk in rows.Chunk(500))
        {
            await using var transaction = await connection
                .BeginTransactionAsync(cancellationToken)
                .ConfigureAwait(false);
            foreach (var (key, sequenceNr, due) in chunk)
            {
                await using var update = Command(
                    connection,
                    "UPDATE alert_list SET next_due_at = @due WHERE dedup_key = @key AND sequence_nr = @sequence_nr",
                    transaction
                );
                Add(update, "due", due);
                Add(update, "key", key);
                Add(update, "sequence_nr", sequenceNr);
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ColumnExistsAsync(
        DbConnection connection,
        string column,
        CancellationToken cancellationToken
    )
    {
        await using var exists = Command(
            connection,
            database.IsPostgres
                ? "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'alert_list' AND column_name = @column AND table_schema = current_schema()"
                : "SELECT COUNT(*) FROM pragma_table_info('alert_list') WHERE name = @column"
        );
        Add(exists, "column", column);
        return Convert.ToInt64(
                await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false),
                System.Globalization.CultureInfo.InvariantCulture
            ) > 0;
    }

    private async Task AddColumnIfMissingAsync(
        DbConnection connection,
        string column,
        string type,
        CancellationToken cancellationToken
    )
    {
        if (database.IsPostgres)
        {
            await using var alter = Command(
                connection,
                $"ALTER TABLE alert_list ADD COLUMN IF NOT EXISTS {column} {type}"
            );
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        if (await ColumnExistsAsync(connection, column, cancellationToken).ConfigureAwait(false))
            return;
        try
        {
            await using var alter = Command(connection, $"ALTER TABLE alert_list ADD COLUMN {column} {type}");
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex)
            when (ex.Message.Contains("duplicate column name", StringComparison.OrdinalIgnoreCase))
        {
            // Another process added it between the check and the ALTER.
        }
    }

    /// <summary>
    /// Fills the dead-letter columns of rows written without them (by an earlier version). Each update only
    /// applies to the row version it was computed from, so a concurrent projection write is never undone.
    /// </summary>
    private static async Task BackfillDeadLettersAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        const int batchSize = 500;
        while (true)
        {
            var rows = new List<(string Key, long SequenceNr, string Json)>(batchSize);
            await using (
                var select = Command(
                    connection,
                    $"SELECT dedup_key, sequence_nr, state_json FROM alert_list WHERE dead_deliveries IS NULL ORDER BY dedup_key LIMIT {batchSize}"
                )
            )
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
            }
            if (rows.Count == 0)
                return;

            await using var transaction = await connection
                .BeginTransactionAsync(cancellationToken)
                .ConfigureAwait(false);
            foreach (var (key, sequenceNr, json) in rows)
            {
                var dead = DeadDeliverySummary.Of(AlertReadStore.Deserialize(json));
                await using var update = Command(
                    connection,
                    """
                    UPDATE alert_list SET dead_deliveries = @dead_deliveries, last_dead_at = @last_dead_at
                    WHERE dedup_key = @key AND sequence_nr = @sequence_nr AND dead_deliveries IS NULL
                    """,
                    transaction
                );
                Add(update, "dead_deliveries", dead.Count);
                Add(update, "last_dead_at", dead.LastAt);
                Add(update, "key", key);
                Add(update, "sequence_nr", sequenceNr);
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
