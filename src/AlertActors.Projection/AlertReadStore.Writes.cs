using System.Text.Json;
using AlertActors.Actors.Serialization;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Reports;

namespace AlertActors.Projection;

using static ReadStoreDatabase;

/// <summary>The projection's side of the store: its offset, the rows it folds events into, and their writes.</summary>
public sealed partial class AlertReadStore
{
    /// <summary>The journal ordering number the projection has fully applied (0 = nothing yet).</summary>
    public async Task<long> LoadOffsetAsync(string projection, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(
            connection,
            "SELECT ordering FROM projection_offset WHERE projection_name = @name"
        );
        Add(command, "name", projection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull
            ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
            : 0L;
    }

    /// <summary>The stored rows of these dedup keys (missing keys are absent from the result).</summary>
    public async Task<Dictionary<string, AlertListRow>> LoadRowsAsync(
        IReadOnlyCollection<string> dedupKeys,
        CancellationToken cancellationToken = default
    )
    {
        var rows = new Dictionary<string, AlertListRow>(StringComparer.Ordinal);
        if (dedupKeys.Count == 0)
            return rows;
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in dedupKeys.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            await using var command = Command(
                connection,
                $"SELECT dedup_key, sequence_nr, state_json FROM alert_list WHERE dedup_key IN ({string.Join(", ", chunk.Select((_, i) => "@k" + i))})"
            );
            for (var i = 0; i < chunk.Length; i++)
                Add(command, "k" + i, chunk[i]);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new AlertListRow(reader.GetString(0), reader.GetInt64(1), Deserialize(reader.GetString(2)));
                rows[row.DedupKey] = row;
            }
        }
        return rows;
    }

    /// <summary>Writes the rows, the firing periods they changed (each as of its journal sequence number) and the
    /// projection's new offset in one transaction.</summary>
    /// <remarks>
    /// A row only replaces one with a lower sequence number, and the offset only grows. Everything a row
    /// needs (its JSON, its dead-letter summary) is computed before the transaction begins, and one prepared
    /// statement is reused for every row: on SQLite the transaction holds the database's only write lock,
    /// which the journal needs too, so it is held for the inserts alone.
    /// </remarks>
    public Task SaveAsync(
        string projection,
        IReadOnlyCollection<AlertListRow> rows,
        long offset,
        CancellationToken cancellationToken = default
    ) => SaveAsync(projection, rows, [], offset, cancellationToken);

    /// <inheritdoc cref="SaveAsync(string, IReadOnlyCollection{AlertListRow}, long, CancellationToken)"/>
    public async Task SaveAsync(
        string projection,
        IReadOnlyCollection<AlertListRow> rows,
        IReadOnlyCollection<(FiringPeriodRecord Period, long SequenceNr)> periods,
        long offset,
        CancellationToken cancellationToken = default
    )
    {
        var prepared = new List<(AlertListRow Row, string Json, DeadDeliverySummary Dead, long? Due)>(rows.Count);
        foreach (var row in rows)
            prepared.Add(
                (
                    row,
                    JsonSerializer.Serialize(row.State, AlertJsonSerializer.Options),
                    DeadDeliverySummary.Of(row.State),
                    NextDueOf(row.State)?.ToUnixTimeMilliseconds()
                )
            );

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (prepared.Count > 0)
        {
            await using var upsert = Command(
                connection,
                """
                INSERT INTO alert_list (dedup_key, tenant, status, severity, last_seen, sequence_nr, state_json, dead_deliveries, last_dead_at, next_due_at)
                VALUES (@key, @tenant, @status, @severity, @last_seen, @sequence_nr, @state_json, @dead_deliveries, @last_dead_at, @next_due_at)
                ON CONFLICT (dedup_key) DO UPDATE SET
                    tenant = excluded.tenant, status = excluded.status, severity = excluded.severity,
                    last_seen = excluded.last_seen, sequence_nr = excluded.sequence_nr, state_json = excluded.state_json,
                    dead_deliveries = excluded.dead_deliveries, last_dead_at = excluded.last_dead_at, next_due_at = excluded.next_due_at
                WHERE alert_list.sequence_nr < excluded.sequence_nr
                """,
                transaction
            );
            string[] names =
            [
                "key",
                "tenant",
                "status",
                "severity",
                "last_seen",
                "sequence_nr",
                "state_json",
                "dead_deliveries",
                "last_dead_at",
                "next_due_at",
            ];
            foreach (var name in names)
                Add(upsert, name, DBNull.Value);
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
        await FiringPeriodTable.SaveAsync(connection, transaction, periods, cancellationToken).ConfigureAwait(false);
        await using (
            var saveOffset = Command(
                connection,
                """
                INSERT INTO projection_offset (projection_name, ordering) VALUES (@name, @ordering)
                ON CONFLICT (projection_name) DO UPDATE SET ordering = excluded.ordering
                WHERE projection_offset.ordering < excluded.ordering
                """,
                transaction
            )
        )
        {
            Add(saveOffset, "name", projection);
            Add(saveOffset, "ordering", offset);
            await saveOffset.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
