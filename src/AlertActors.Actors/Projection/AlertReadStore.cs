using System.Data.Common;
using System.Text.Json;
using AlertActors.Actors.Configuration;
using AlertActors.Actors.Serialization;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AlertActors.Actors.Projection;

/// <summary>One alert as the read model holds it: its state as of journal sequence number <see cref="SequenceNr"/>.</summary>
public sealed record AlertListRow(string DedupKey, long SequenceNr, AlertState State);

/// <summary>One page of the alert list and how many alerts match the filter in all.</summary>
public sealed record AlertPage(IReadOnlyList<AlertState> Alerts, long Total);

/// <summary>
/// The persisted alert list, in the journal's database (SQLite or PostgreSQL): table <c>alert_list</c>
/// (one row per dedup key, the <see cref="AlertState"/> as JSON plus the columns the list filters and sorts
/// on) and table <c>projection_offset</c> (how far in the journal's ordering each projection has got).
/// The schema is created on first use. Rows and the offset are written in one transaction; both writes
/// only ever move forward, so a replayed or concurrent write can never take the table back in time.
/// </summary>
public sealed class AlertReadStore
{
    private readonly PersistenceSettings _settings;
    private readonly NpgsqlDataSource? _postgres;
    private readonly Lock _schemaLock = new();
    private Task? _schema;

    public AlertReadStore(PersistenceSettings settings)
    {
        _settings = settings;
        if (settings.Provider == PersistenceSettings.PostgreSql) _postgres = NpgsqlDataSource.Create(settings.ConnectionString);
    }

    private bool IsPostgres => _postgres is not null;

    // ---- projection side -----------------------------------------------------------------------

    /// <summary>The journal ordering number the projection has fully applied (0 = nothing yet).</summary>
    public async Task<long> LoadOffsetAsync(string projection, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT ordering FROM projection_offset WHERE projection_name = @name");
        Add(command, "name", projection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull
            ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
            : 0L;
    }

    /// <summary>The stored rows of these dedup keys (missing keys are absent from the result).</summary>
    public async Task<Dictionary<string, AlertListRow>> LoadRowsAsync(IReadOnlyCollection<string> dedupKeys, CancellationToken cancellationToken = default)
    {
        var rows = new Dictionary<string, AlertListRow>(StringComparer.Ordinal);
        if (dedupKeys.Count == 0) return rows;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in dedupKeys.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            await using var command = Command(connection,
                $"SELECT dedup_key, sequence_nr, state_json FROM alert_list WHERE dedup_key IN ({string.Join(", ", chunk.Select((_, i) => "@k" + i))})");
            for (var i = 0; i < chunk.Length; i++) Add(command, "k" + i, chunk[i]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new AlertListRow(reader.GetString(0), reader.GetInt64(1), Deserialize(reader.GetString(2)));
                rows[row.DedupKey] = row;
            }
        }
        return rows;
    }

    /// <summary>Writes the rows and the projection's new offset in one transaction.</summary>
    /// <remarks>A row only replaces one with a lower sequence number, and the offset only grows.</remarks>
    public async Task SaveAsync(string projection, IReadOnlyCollection<AlertListRow> rows, long offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await using var upsert = Command(connection, """
                INSERT INTO alert_list (dedup_key, tenant, status, severity, last_seen, sequence_nr, state_json)
                VALUES (@key, @tenant, @status, @severity, @last_seen, @sequence_nr, @state_json)
                ON CONFLICT (dedup_key) DO UPDATE SET
                    tenant = excluded.tenant, status = excluded.status, severity = excluded.severity,
                    last_seen = excluded.last_seen, sequence_nr = excluded.sequence_nr, state_json = excluded.state_json
                WHERE alert_list.sequence_nr < excluded.sequence_nr
                """, transaction);
            Add(upsert, "key", row.DedupKey);
            Add(upsert, "tenant", row.State.Tenant);
            Add(upsert, "status", row.State.Status.ToName());
            Add(upsert, "severity", row.State.Severity.ToName());
            Add(upsert, "last_seen", LastSeenOf(row.State));
            Add(upsert, "sequence_nr", row.SequenceNr);
            Add(upsert, "state_json", JsonSerializer.Serialize(row.State, AlertJsonSerializer.Options));
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await using (var saveOffset = Command(connection, """
                         INSERT INTO projection_offset (projection_name, ordering) VALUES (@name, @ordering)
                         ON CONFLICT (projection_name) DO UPDATE SET ordering = excluded.ordering
                         WHERE projection_offset.ordering < excluded.ordering
                         """, transaction))
        {
            Add(saveOffset, "name", projection);
            Add(saveOffset, "ordering", offset);
            await saveOffset.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // ---- query side ----------------------------------------------------------------------------

    /// <summary>Alerts newest first (last occurrence, then dedup key), filtered by status and tenant.</summary>
    public async Task<AlertPage> ListAsync(AlertStatus? status, string? tenant, int offset, int limit, CancellationToken cancellationToken = default)
    {
        var where = new List<string>();
        if (status is not null) where.Add("status = @status");
        if (tenant is not null) where.Add("tenant = @tenant");
        var filter = where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where);

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // One read-only snapshot, so the page and the total agree.
        await using var transaction = await BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var count = Command(connection, "SELECT COUNT(*) FROM alert_list" + filter, transaction);
        await using var page = Command(connection,
            $"SELECT state_json FROM alert_list{filter} ORDER BY last_seen DESC, dedup_key LIMIT @limit OFFSET @offset", transaction);
        foreach (var command in new[] { count, page })
        {
            if (status is { } s) Add(command, "status", s.ToName());
            if (tenant is not null) Add(command, "tenant", tenant);
        }
        Add(page, "limit", (long)limit);
        Add(page, "offset", (long)offset);

        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        var alerts = new List<AlertState>(Math.Min(limit, 1000));
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) alerts.Add(Deserialize(reader.GetString(0)));
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new AlertPage(alerts, total);
    }

    // ---- plumbing ------------------------------------------------------------------------------

    /// <summary>The sort key: the last occurrence (else the last change) in Unix milliseconds.</summary>
    private static long LastSeenOf(AlertState state) =>
        (state.LastSeen ?? state.Timeline.LastOrDefault()?.At ?? state.FirstSeen ?? DateTimeOffset.UnixEpoch).ToUnixTimeMilliseconds();

    private static AlertState Deserialize(string json) =>
        JsonSerializer.Deserialize<AlertState>(json, AlertJsonSerializer.Options) ?? throw new JsonException("empty alert_list.state_json");

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return await OpenRawAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<DbConnection> OpenRawAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(_settings.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Creates the tables once per process; a failed attempt is retried on the next call.</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        lock (_schemaLock)
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled) _schema = CreateSchemaAsync(cancellationToken);
            return _schema;
        }
    }

    private async Task CreateSchemaAsync(CancellationToken cancellationToken)
    {
        // Binary collation for the key on PostgreSQL too, so both databases page in the same order.
        var keyType = IsPostgres ? "TEXT COLLATE \"C\"" : "TEXT";
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
                state_json TEXT NOT NULL
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
        await using var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sql in statements)
        {
            await using var command = Command(connection, sql);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A snapshot for reading that takes no write lock (SQLite's default transaction would).</summary>
    private static async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);

    private static DbCommand Command(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
