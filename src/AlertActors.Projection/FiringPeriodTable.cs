using System.Data.Common;
using AlertActors.Domain.Events;
using AlertActors.Domain.Reports;

namespace AlertActors.Projection;

using static ReadStoreDatabase;

/// <summary>
/// Table <c>firing_period</c> of the read store: one row per firing period of every alert (dedup key and period
/// number), with its rule, tenant, severity, fired, acknowledged and resolved times (Unix milliseconds), who
/// acknowledged and resolved it and how (<see cref="FiringPeriodRecord"/>); what incident response reports read. The
/// projection writes it with <c>alert_list</c>, in the same transaction, from the same journal events; a read store
/// from a version without it gets it filled from each <c>alert_list</c> row's state when the table is created.
/// </summary>
internal static class FiringPeriodTable
{
    private const string Columns =
        "dedup_key, period, tenant, rule, severity, fired_at, acknowledged_at, acknowledged_by, resolved_at, "
        + "resolved_by, resolved_how, occurrences, first_occurrence_at, last_occurrence_at, sequence_nr";

    private static readonly string[] Parameters = Columns.Split(", ");

    /// <summary>
    /// A row replaces one written from an earlier journal position only; occurrence counts a write does not know
    /// (periods before an alert's latest) keep the stored ones.
    /// </summary>
    private static readonly string Upsert = $"""
        INSERT INTO firing_period ({Columns})
        VALUES ({string.Join(", ", Parameters.Select(p => "@" + p))})
        ON CONFLICT (dedup_key, period) DO UPDATE SET
            tenant = excluded.tenant, rule = excluded.rule, severity = excluded.severity, fired_at = excluded.fired_at,
            acknowledged_at = excluded.acknowledged_at, acknowledged_by = excluded.acknowledged_by,
            resolved_at = excluded.resolved_at, resolved_by = excluded.resolved_by, resolved_how = excluded.resolved_how,
            occurrences = COALESCE(excluded.occurrences, firing_period.occurrences),
            first_occurrence_at = COALESCE(excluded.first_occurrence_at, firing_period.first_occurrence_at),
            last_occurrence_at = COALESCE(excluded.last_occurrence_at, firing_period.last_occurrence_at),
            sequence_nr = excluded.sequence_nr
        WHERE firing_period.sequence_nr < excluded.sequence_nr
        """;

    /// <summary>Creates the table and its indexes; when it did not exist, fills it from <c>alert_list</c>.</summary>
    public static async Task EnsureAsync(
        ReadStoreDatabase database,
        DbConnection connection,
        CancellationToken cancellationToken
    )
    {
        var existed = await ExistsAsync(database, connection, cancellationToken).ConfigureAwait(false);
        var keyType = database.IsPostgres ? "TEXT COLLATE \"C\"" : "TEXT";
        string[] statements =
        [
            $"""
                CREATE TABLE IF NOT EXISTS firing_period (
                    dedup_key {keyType} NOT NULL,
                    period INTEGER NOT NULL,
                    tenant TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    fired_at BIGINT NOT NULL,
                    acknowledged_at BIGINT,
                    acknowledged_by TEXT,
                    resolved_at BIGINT,
                    resolved_by TEXT,
                    resolved_how TEXT,
                    occurrences BIGINT,
                    first_occurrence_at BIGINT,
                    last_occurrence_at BIGINT,
                    sequence_nr BIGINT NOT NULL,
                    PRIMARY KEY (dedup_key, period)
                )
                """,
            "CREATE INDEX IF NOT EXISTS ix_firing_period_fired_at ON firing_period (fired_at)",
            "CREATE INDEX IF NOT EXISTS ix_firing_period_tenant_fired_at ON firing_period (tenant, fired_at)",
        ];
        foreach (var sql in statements)
        {
            await using var command = Command(connection, sql);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        if (!existed)
            await BackfillAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="periods"/> (each as of its journal sequence number) inside
    /// <paramref name="transaction"/>.</summary>
    public static async Task SaveAsync(
        DbConnection connection,
        DbTransaction transaction,
        IReadOnlyCollection<(FiringPeriodRecord Period, long SequenceNr)> periods,
        CancellationToken cancellationToken
    )
    {
        if (periods.Count == 0)
            return;
        await using var upsert = Command(connection, Upsert, transaction);
        foreach (var name in Parameters)
            Add(upsert, name, DBNull.Value);
        foreach (var (period, sequenceNr) in periods)
        {
            Bind(upsert, period, sequenceNr);
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The rows that <paramref name="where"/> (its parameters bound by <paramref name="bind"/>)
    /// selects.</summary>
    public static async Task<List<FiringPeriodRecord>> ReadAsync(
        DbConnection connection,
        DbTransaction transaction,
        string where,
        Action<DbCommand> bind,
        CancellationToken cancellationToken
    )
    {
        await using var select = Command(connection, $"SELECT {Columns} FROM firing_period WHERE {where}", transaction);
        bind(select);
        var periods = new List<FiringPeriodRecord>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            periods.Add(Read(reader));
        return periods;
    }

    private static FiringPeriodRecord Read(DbDataReader r)
    {
        DateTimeOffset? Time(int i) => r.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        SeverityNames.TryParse(r.GetString(4), out var severity);
        return new FiringPeriodRecord(
            r.GetString(0),
            Convert.ToInt32(r.GetValue(1), System.Globalization.CultureInfo.InvariantCulture),
            r.GetString(3),
            r.GetString(2),
            severity,
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
            Time(6),
            Text(7),
            Time(8),
            Text(9),
            Text(10),
            r.IsDBNull(11) ? null : r.GetInt64(11),
            Time(12),
            Time(13)
        );
    }

    private static void Bind(DbCommand command, FiringPeriodRecord p, long sequenceNr)
    {
        object Time(DateTimeOffset? at) => at is { } t ? t.ToUnixTimeMilliseconds() : DBNull.Value;
        object Text(string? text) => text is null ? DBNull.Value : text;
        var values = command.Parameters;
        values["dedup_key"].Value = p.DedupKey;
        values["period"].Value = p.Period;
        values["tenant"].Value = p.Tenant;
        values["rule"].Value = p.Rule;
        values["severity"].Value = p.Severity.ToName();
        values["fired_at"].Value = p.FiredAt.ToUnixTimeMilliseconds();
        values["acknowledged_at"].Value = Time(p.AcknowledgedAt);
        values["acknowledged_by"].Value = Text(p.AcknowledgedBy);
        values["resolved_at"].Value = Time(p.ResolvedAt);
        values["resolved_by"].Value = Text(p.ResolvedBy);
        values["resolved_how"].Value = Text(p.ResolvedHow);
        values["occurrences"].Value = p.Occurrences is { } n ? n : DBNull.Value;
        values["first_occurrence_at"].Value = Time(p.FirstOccurrenceAt);
        values["last_occurrence_at"].Value = Time(p.LastOccurrenceAt);
        values["sequence_nr"].Value = sequenceNr;
    }

    private static async Task<bool> ExistsAsync(
        ReadStoreDatabase database,
        DbConnection connection,
        CancellationToken cancellationToken
    )
    {
        await using var exists = Command(
            connection,
            database.IsPostgres
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'firing_period' AND table_schema = current_schema()"
                : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'firing_period'"
        );
        return Convert.ToInt64(
                await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false),
                System.Globalization.CultureInfo.InvariantCulture
            ) > 0;
    }

    /// <summary>
    /// Fills the new table from every <c>alert_list</c> row's state (its timeline holds every period), as of the row's
    /// sequence number; a row the projection wrote meanwhile is kept (it is newer).
    /// </summary>
    private static async Task BackfillAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var periods = new List<(FiringPeriodRecord, long)>();
        await using (var select = Command(connection, "SELECT sequence_nr, state_json FROM alert_list"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var sequenceNr = reader.GetInt64(0);
                foreach (var period in AlertReadStore.Deserialize(reader.GetString(1)).FiringPeriods())
                    periods.Add((period, sequenceNr));
            }
        }
        foreach (var chunk in periods.Chunk(500))
        {
            await using var transaction = await connection
                .BeginTransactionAsync(cancellationToken)
                .ConfigureAwait(false);
            await SaveAsync(connection, transaction, chunk, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
