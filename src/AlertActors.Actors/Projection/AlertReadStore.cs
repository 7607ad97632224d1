using System.Data.Common;
using System.Text.Json;
using AlertActors.Actors.Configuration;
using AlertActors.Actors.Serialization;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AlertActors.Actors.Projection;


/// <summary>One alert as the read model holds it: its state as of journal sequence number <see cref="SequenceNr"/>.</summary>
public sealed record AlertListRow(string DedupKey, long SequenceNr, AlertState State);

/// <summary>An alert's next due time as the read model holds it (<c>alert_list.next_due_at</c>), for the due-alert scheduler.</summary>
/// <param name="SequenceNr">The journal position of the row, so a wake can be told apart from one for a later state.</param>
public sealed record DueAlert(string DedupKey, DateTimeOffset DueAt, long SequenceNr);

/// <summary>One page of the alert list and how many alerts match the filter in all.</summary>
public sealed record AlertPage(IReadOnlyList<AlertState> Alerts, long Total);

/// <summary>One dead delivery (<see cref="DeliveryStatus.Dead"/>) and the alert whose outbox holds it.</summary>
public sealed record DeadDelivery(AlertState Alert, OutboxDelivery Delivery);

/// <summary>One page of dead deliveries and how many there are in all.</summary>
public sealed record DeadDeliveryPage(IReadOnlyList<DeadDelivery> Deliveries, long Total);

/// <summary>The dead-letter columns of an <c>alert_list</c> row, derived from the row's state.</summary>
/// <param name="Count">How many deliveries in the alert's outbox are dead.</param>
/// <param name="LastAt">When the most recent of them went dead, in Unix milliseconds (0 when none).</param>
public readonly record struct DeadLetterSummary(int Count, long LastAt)
{
    public static DeadLetterSummary Of(AlertState state)
    {
        int count = 0;
        long last = 0;
        foreach (var delivery in state.Deliveries)
        {
            if (delivery.Status != DeliveryStatus.Dead) continue;
            count++;
            last = Math.Max(last, DeadAt(delivery).ToUnixTimeMilliseconds());
        }
        return new DeadLetterSummary(count, last);
    }

    /// <summary>The alert's dead deliveries, newest first (the order the dead-letter list shows them in).</summary>
    public static IEnumerable<OutboxDelivery> DeadDeliveriesOf(AlertState state) => state.Deliveries
        .Where(d => d.Status == DeliveryStatus.Dead)
        .OrderByDescending(DeadAt)
        .ThenByDescending(d => d.Number);

    private static DateTimeOffset DeadAt(OutboxDelivery delivery) => delivery.CompletedAt ?? delivery.CreatedAt;
}

/// <summary>
/// The persisted alert list, in the journal's database (SQLite or PostgreSQL): table <c>alert_list</c>
/// (one row per dedup key, the <see cref="AlertState"/> as JSON plus the columns the list filters and sorts
/// on) and table <c>projection_offset</c> (how far in the journal's ordering each projection has got).
/// The columns <c>dead_deliveries</c> and <c>last_dead_at</c> (<see cref="DeadLetterSummary"/>) make the
/// cluster-wide dead-letter list a query over the alerts that have any.
/// The column <c>next_due_at</c> (<see cref="AlertState.NextDueAt"/>, Unix milliseconds, NULL when never) is the index
/// the due-alert scheduler reads, so alerts with nothing but timers need not stay in memory.
/// The schema is created on first use, and a table from an earlier version is migrated: missing columns
/// are added and rows written without them are back-filled from their JSON. Rows and the offset are written in one transaction; both writes
/// only ever move forward, so a replayed or concurrent write can never take the table back in time.
/// </summary>
public sealed class AlertReadStore
{
    private readonly PersistenceSettings _settings;
    private readonly TimeSpan _deliveryResumeAfter;
    private readonly NpgsqlDataSource? _postgres;
    private readonly Lock _schemaLock = new();
    private Task? _schema;

    /// <param name="deliveryResumeAfter">Passed to <see cref="AlertState.NextDueAt"/>: how long after it was scheduled a pending delivery makes its alert due (<c>alertactors.scheduler.delivery-resume-after</c>).</param>
    public AlertReadStore(PersistenceSettings settings, TimeSpan? deliveryResumeAfter = null)
    {
        _settings = settings;
        _deliveryResumeAfter = deliveryResumeAfter ?? new Scheduling.DueAlertSchedulerSettings().DeliveryResumeAfter;
        if (settings.Provider == PersistenceSettings.PostgreSql) _postgres = NpgsqlDataSource.Create(settings.ConnectionString);
    }

    /// <summary>The <c>next_due_at</c> of <paramref name="state"/> (stored in Unix milliseconds), or null when it has none.</summary>
    public DateTimeOffset? NextDueOf(AlertState state) => state.NextDueAt(_deliveryResumeAfter);

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
    /// <remarks>
    /// A row only replaces one with a lower sequence number, and the offset only grows. Everything a row
    /// needs (its JSON, its dead-letter summary) is computed before the transaction begins, and one prepared
    /// statement is reused for every row: on SQLite the transaction holds the database's only write lock,
    /// which the journal needs too, so it is held for the inserts alone.
    /// </remarks>
    public async Task SaveAsync(string projection, IReadOnlyCollection<AlertListRow> rows, long offset, CancellationToken cancellationToken = default)
    {
        var prepared = new List<(AlertListRow Row, string Json, DeadLetterSummary Dead, long? Due)>(rows.Count);
        foreach (var row in rows)
            prepared.Add((row, JsonSerializer.Serialize(row.State, AlertJsonSerializer.Options), DeadLetterSummary.Of(row.State),
                NextDueOf(row.State)?.ToUnixTimeMilliseconds()));

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (prepared.Count > 0)
        {
            await using var upsert = Command(connection, """
                INSERT INTO alert_list (dedup_key, tenant, status, severity, last_seen, sequence_nr, state_json, dead_deliveries, last_dead_at, next_due_at)
                VALUES (@key, @tenant, @status, @severity, @last_seen, @sequence_nr, @state_json, @dead_deliveries, @last_dead_at, @next_due_at)
                ON CONFLICT (dedup_key) DO UPDATE SET
                    tenant = excluded.tenant, status = excluded.status, severity = excluded.severity,
                    last_seen = excluded.last_seen, sequence_nr = excluded.sequence_nr, state_json = excluded.state_json,
                    dead_deliveries = excluded.dead_deliveries, last_dead_at = excluded.last_dead_at, next_due_at = excluded.next_due_at
                WHERE alert_list.sequence_nr < excluded.sequence_nr
                """, transaction);
            string[] names = ["key", "tenant", "status", "severity", "last_seen", "sequence_nr", "state_json", "dead_deliveries", "last_dead_at", "next_due_at"];
            foreach (var name in names) Add(upsert, name, DBNull.Value);
            foreach (var (row, json, dead, due) in prepared)
            {
                var p = upsert.Parameters;
                p["key"].Value = row.DedupKey;
                p["tenant"].Value = row.State.Tenant;
                p["status"].Value = row.State.Status.ToName();
                p["severity"].Value = row.State.Severity.ToName();
                p["last_seen"].Value = LastSeenOf(row.State);
                p["sequence_nr"].Value = row.SequenceNr;
                p["state_json"].Value = json;
                p["dead_deliveries"].Value = dead.Count;
                p["last_dead_at"].Value = dead.LastAt;
                p["next_due_at"].Value = due is { } at ? at : DBNull.Value;
                await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
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
    public Task<AlertPage> ListAsync(AlertStatus? status, string? tenant, int offset, int limit, CancellationToken cancellationToken = default) =>
        ListAsync(status, tenant, null, offset, limit, cancellationToken);

    /// <summary>Alerts newest first, filtered by status, tenant and, when <paramref name="tenants"/> is not null, to those tenants only (an API token's scope).</summary>
    public async Task<AlertPage> ListAsync(AlertStatus? status, string? tenant, IReadOnlyCollection<string>? tenants, int offset, int limit,
        CancellationToken cancellationToken = default)
    {
        var where = new List<string>();
        if (status is not null) where.Add("status = @status");
        if (tenant is not null) where.Add("tenant = @tenant");
        if (tenants is not null) where.Add(TenantsFilter(tenants));
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
            if (tenants is not null) AddTenants(command, tenants);
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

    /// <summary>
    /// Alerts whose next due time is after <paramref name="after"/> (exclusive; null = no lower bound) and at most
    /// <paramref name="until"/>, soonest first, at most <paramref name="limit"/> of them (the due-alert scheduler's window).
    /// </summary>
    public async Task<IReadOnlyList<DueAlert>> ListDueAsync(DateTimeOffset? after, DateTimeOffset until, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, $"""
            SELECT dedup_key, next_due_at, sequence_nr FROM alert_list
            WHERE next_due_at IS NOT NULL{(after is null ? "" : " AND next_due_at > @after")} AND next_due_at <= @until
            ORDER BY next_due_at LIMIT @limit
            """);
        if (after is { } from) Add(command, "after", from.ToUnixTimeMilliseconds());
        Add(command, "until", until.ToUnixTimeMilliseconds());
        Add(command, "limit", (long)limit);
        var due = new List<DueAlert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            due.Add(new DueAlert(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetInt64(2)));
        return due;
    }

    /// <summary>Whether the database that holds the journal answers a trivial query within <paramref name="timeout"/> (<see cref="Health.JournalDatabaseCheck"/>).</summary>
    public async Task<bool> IsReachableAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await using var connection = await OpenRawAsync(deadline.Token).ConfigureAwait(false);
            await using var command = Command(connection, "SELECT 1");
            await command.ExecuteScalarAsync(deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is DbException or OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>How many alerts the list holds per status name (statuses without alerts are absent); for the alerts gauge.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken = default)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, "SELECT status, COUNT(*) FROM alert_list GROUP BY status");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    /// <summary>
    /// Dead deliveries across all alerts, paged one delivery at a time: alerts by their most recent dead
    /// delivery (newest first, then dedup key), and within an alert newest first. Only the rows that cover
    /// the page are read (a running sum of <c>dead_deliveries</c> places each row's deliveries in the list).
    /// </summary>
    public Task<DeadDeliveryPage> ListDeadAsync(int offset, int limit, CancellationToken cancellationToken = default) =>
        ListDeadAsync(null, offset, limit, cancellationToken);

    /// <summary>Dead deliveries as above; when <paramref name="tenants"/> is not null, only those of alerts of these tenants (an API token's scope).</summary>
    public async Task<DeadDeliveryPage> ListDeadAsync(IReadOnlyCollection<string>? tenants, int offset, int limit, CancellationToken cancellationToken = default)
    {
        var scope = tenants is null ? "" : " AND " + TenantsFilter(tenants);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var count = Command(connection, "SELECT COALESCE(SUM(dead_deliveries), 0) FROM alert_list WHERE dead_deliveries > 0" + scope, transaction);
        // "dead_deliveries > 0" literally, so the partial index ix_alert_list_dead applies.
        await using var page = Command(connection, $$"""
            SELECT dedup_key, state_json, upto - dead_deliveries AS before FROM (
                SELECT dedup_key, state_json, last_dead_at, dead_deliveries,
                       SUM(dead_deliveries) OVER (ORDER BY last_dead_at DESC, dedup_key ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS upto
                FROM alert_list WHERE dead_deliveries > 0{{scope}}
            ) ranked
            WHERE upto > @offset AND upto - dead_deliveries < @end
            ORDER BY last_dead_at DESC, dedup_key
            """, transaction);
        if (tenants is not null)
        {
            AddTenants(count, tenants);
            AddTenants(page, tenants);
        }
        Add(page, "offset", (long)offset);
        Add(page, "end", (long)offset + limit);

        var total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        var deliveries = new List<DeadDelivery>(Math.Min(limit, 1000));
        await using (var reader = await page.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var state = Deserialize(reader.GetString(1));
                var index = Convert.ToInt64(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture);
                foreach (var delivery in DeadLetterSummary.DeadDeliveriesOf(state))
                {
                    if (index >= offset && index < (long)offset + limit) deliveries.Add(new DeadDelivery(state, delivery));
                    index++;
                }
            }
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new DeadDeliveryPage(deliveries, total);
    }

    // ---- plumbing ------------------------------------------------------------------------------

    /// <summary><c>tenant IN (@tenant0, ...)</c>; an empty set matches nothing.</summary>
    private static string TenantsFilter(IReadOnlyCollection<string> tenants) =>
        tenants.Count == 0 ? "1 = 0" : $"tenant IN ({string.Join(", ", tenants.Select((_, i) => "@tenant" + i))})";

    private static void AddTenants(DbCommand command, IReadOnlyCollection<string> tenants)
    {
        var i = 0;
        foreach (var tenant in tenants) Add(command, "tenant" + i++, tenant);
    }

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
        // Wait for the write lock inside SQLite (it retries within milliseconds) rather than failing with
        // SQLITE_BUSY, which Microsoft.Data.Sqlite retries only every 150 ms.
        await using var busyTimeout = Command(connection, "PRAGMA busy_timeout = 30000;");
        await busyTimeout.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
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
        await using var connection = await OpenRawAsync(cancellationToken).ConfigureAwait(false);
        foreach (var sql in statements)
        {
            await using var command = Command(connection, sql);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // Migration from a version without the dead-letter columns: add them (NULL in existing rows), index
        // them, then fill them in from each such row's state.
        await AddColumnIfMissingAsync(connection, "dead_deliveries", "INTEGER", cancellationToken).ConfigureAwait(false);
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
        if (dueMissing) await BackfillDueTimesAsync(connection, cancellationToken).ConfigureAwait(false);
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
                if (NextDueOf(Deserialize(reader.GetString(2))) is { } due) rows.Add((reader.GetString(0), reader.GetInt64(1), due.ToUnixTimeMilliseconds()));
            }
        }
        foreach (var chunk in rows.Chunk(500))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (key, sequenceNr, due) in chunk)
            {
                await using var update = Command(connection,
                    "UPDATE alert_list SET next_due_at = @due WHERE dedup_key = @key AND sequence_nr = @sequence_nr", transaction);
                Add(update, "due", due);
                Add(update, "key", key);
                Add(update, "sequence_nr", sequenceNr);
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ColumnExistsAsync(DbConnection connection, string column, CancellationToken cancellationToken)
    {
        await using var exists = Command(connection, IsPostgres
            ? "SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'alert_list' AND column_name = @column AND table_schema = current_schema()"
            : "SELECT COUNT(*) FROM pragma_table_info('alert_list') WHERE name = @column");
        Add(exists, "column", column);
        return Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private async Task AddColumnIfMissingAsync(DbConnection connection, string column, string type, CancellationToken cancellationToken)
    {
        if (IsPostgres)
        {
            await using var alter = Command(connection, $"ALTER TABLE alert_list ADD COLUMN IF NOT EXISTS {column} {type}");
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        if (await ColumnExistsAsync(connection, column, cancellationToken).ConfigureAwait(false)) return;
        try
        {
            await using var alter = Command(connection, $"ALTER TABLE alert_list ADD COLUMN {column} {type}");
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (ex.Message.Contains("duplicate column name", StringComparison.OrdinalIgnoreCase))
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
            await using (var select = Command(connection,
                             $"SELECT dedup_key, sequence_nr, state_json FROM alert_list WHERE dead_deliveries IS NULL ORDER BY dedup_key LIMIT {batchSize}"))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
            }
            if (rows.Count == 0) return;

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (key, sequenceNr, json) in rows)
            {
                var dead = DeadLetterSummary.Of(Deserialize(json));
                await using var update = Command(connection, """
                    UPDATE alert_list SET dead_deliveries = @dead_deliveries, last_dead_at = @last_dead_at
                    WHERE dedup_key = @key AND sequence_nr = @sequence_nr AND dead_deliveries IS NULL
                    """, transaction);
                Add(update, "dead_deliveries", dead.Count);
                Add(update, "last_dead_at", dead.LastAt);
                Add(update, "key", key);
                Add(update, "sequence_nr", sequenceNr);
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
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
