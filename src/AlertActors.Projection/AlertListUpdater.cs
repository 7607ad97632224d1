using Akka.Persistence.Query;
using AlertActors.Actors.Alerts;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Reports;
using Microsoft.Extensions.Caching.Memory;

namespace AlertActors.Projection;

/// <summary>What one batch did to the alert list (published on the event stream; tests and metrics watch it).</summary>
/// <param name="Envelopes">Journal events in the batch (of every persistence id).</param>
/// <param name="Applied">Alert journal events folded into a row.</param>
/// <param name="Skipped">Alert journal events a row already reflected (a replay after a crash, or covered by a
/// heal).</param>
/// <param name="Healed">Rows re-fetched from their alert entity because events were missing.</param>
/// <param name="Offset">The journal ordering number stored with the batch.</param>
public sealed record AlertListBatchApplied(int Envelopes, int Applied, int Skipped, int Healed, long Offset)
{
    /// <summary>The next due time (<c>next_due_at</c>) of every row the batch wrote, for the due-alert
    /// scheduler.</summary>
    public IReadOnlyList<DueChange> DueChanges { get; init; } = [];
}

/// <summary>A row's new next due time (null: none), as of journal position <paramref name="SequenceNr"/>.</summary>
public sealed record DueChange(string DedupKey, DateTimeOffset? DueAt, long SequenceNr);

/// <summary>
/// Folds one batch of journal events into the <c>alert_list</c> rows with the pure <see cref="AlertState.Apply"/>:
/// take the touched rows (from the rows it wrote before, kept in memory, else from the table), skip events a row
/// already reflects, heal gaps (events deleted before the row caught up) from a checkpoint, which is the whole state,
/// or else from the alert entity (its <see cref="AlertReplies.AlertView"/> is authoritative),
/// then write the rows and the batch's offset in one transaction. Only alert events (persistence ids
/// <c>alert-…</c>) count; others (the silence registry's) only move the offset.
/// </summary>
/// <param name="fetchAlert">Asks the alert entity for its state; null when it has none.</param>
/// <param name="cachedRows">How many rows it keeps in memory (least recently used go first); it is the table's only
/// writer.</param>
public sealed class AlertListUpdater(
    AlertReadStore store,
    string projectionName,
    Func<string, CancellationToken, Task<AlertReplies.AlertView?>> fetchAlert,
    int cachedRows = AlertListProjectorSettings.DefaultCachedRows
) : IDisposable
{
    private readonly MemoryCache _rows = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, cachedRows) });

    public async Task<AlertListBatchApplied> ApplyAsync(
        IReadOnlyList<EventEnvelope> batch,
        CancellationToken cancellationToken = default
    )
    {
        var offset = batch.Max(e => e.Offset is Sequence s ? s.Value : 0L);
        var events = batch
            .Where(e => e.PersistenceId.StartsWith(AlertEntity.PersistenceIdPrefix, StringComparison.Ordinal))
            .Select(e =>
                (
                    Key: e.PersistenceId[AlertEntity.PersistenceIdPrefix.Length..],
                    e.SequenceNr,
                    Event: TracedJournalEvent.DomainEventOf(e.Event)
                )
            )
            .Where(e => e.Event is not null)
            .Select(e => (e.Key, e.SequenceNr, Event: e.Event!))
            .ToList();

        var rows = await RowsOfAsync(events.Select(e => e.Key), cancellationToken).ConfigureAwait(false);
        var changed = new Dictionary<string, AlertListRow>(StringComparer.Ordinal);
        var periods = new Dictionary<(string, int), (FiringPeriodRecord, long)>();
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        int applied = 0,
            skipped = 0,
            healed = 0;
        foreach (var (key, sequenceNr, evt) in events)
        {
            var row = rows.GetValueOrDefault(key);
            var known = row?.SequenceNr ?? 0;
            if (sequenceNr <= known || unknown.Contains(key))
            {
                skipped++;
                continue;
            }
            if (sequenceNr > known + 1 && evt is not AlertJournalEvents.Checkpoint)
            {
                // Events before this one never reached the list (deleted after a snapshot, or the row is
                // missing): the entity's own view replaces the row.
                if (await fetchAlert(key, cancellationToken).ConfigureAwait(false) is not { } view)
                {
                    unknown.Add(key);
                    skipped++;
                    continue;
                }
                healed++;
                NoteFiringPeriods(periods, row?.State, view.State, view.SequenceNr);
                row = new AlertListRow(key, view.SequenceNr, view.State);
                rows[key] = changed[key] = row;
                if (sequenceNr <= view.SequenceNr)
                {
                    skipped++;
                    continue;
                }
                if (sequenceNr > view.SequenceNr + 1)
                    throw new InvalidOperationException(
                        $"alert {key} answered with sequence number {view.SequenceNr}, behind journal event {sequenceNr}"
                    );
            }
            var before = row?.State ?? AlertState.Empty(key);
            row = new AlertListRow(key, sequenceNr, before.Apply(evt));
            NoteFiringPeriods(periods, before, row.State, sequenceNr);
            rows[key] = changed[key] = row;
            applied++;
        }

        var written = changed.Values.Where(r => r.State.Exists).ToList();
        try
        {
            await store
                .SaveAsync(projectionName, written, [.. periods.Values], offset, cancellationToken)
                .ConfigureAwait(false);
        }
        catch
        {
            // The stream restarts from the stored offset: forget what this batch did in memory.
            _rows.Compact(1.0);
            throw;
        }
        foreach (var row in changed.Values)
            _rows.Set(row.DedupKey, row, new MemoryCacheEntryOptions { Size = 1 });
        return new AlertListBatchApplied(batch.Count, applied, skipped, healed, offset)
        {
            DueChanges = [.. written.Select(r => new DueChange(r.DedupKey, store.NextDueOf(r.State), r.SequenceNr))],
        };
    }

    /// <summary>
    /// Notes the firing periods (<see cref="AlertState.FiringPeriods"/>) that differ between <paramref name="before"/>
    /// and <paramref name="after"/> (a new period, its acknowledgement or resolve, its occurrences, the severity), as
    /// of journal position <paramref name="sequenceNr"/>; a later note of the same period in the batch replaces an
    /// earlier one. Each period then carries the alert's severity as of its own latest change, also when the journal is
    /// replayed from the start.
    /// </summary>
    private static void NoteFiringPeriods(
        Dictionary<(string, int), (FiringPeriodRecord, long)> periods,
        AlertState? before,
        AlertState after,
        long sequenceNr
    )
    {
        if (
            before is not null
            && before.Timeline.Count == after.Timeline.Count
            && before.PeriodOccurrences == after.PeriodOccurrences
            && before.LastSeen == after.LastSeen
            && before.Status == after.Status
            && before.Severity == after.Severity
        )
            return;
        var old = before?.FiringPeriods().ToDictionary(p => p.Period) ?? [];
        foreach (var period in after.FiringPeriods())
        {
            // The state knows only its current period's rule, tenant, severity and occurrences: of an earlier period
            // only a change of its lifecycle counts (a heal), and the row keeps the occurrences stored.
            var same =
                old.TryGetValue(period.Period, out var was)
                && (
                    period.Period == after.FiringPeriod
                        ? was == period
                        : (was.FiredAt, was.AcknowledgedAt, was.AcknowledgedBy, was.ResolvedAt, was.ResolvedBy)
                            == (
                                period.FiredAt,
                                period.AcknowledgedAt,
                                period.AcknowledgedBy,
                                period.ResolvedAt,
                                period.ResolvedBy
                            )
                );
            if (!same)
                periods[(period.DedupKey, period.Period)] = (period, sequenceNr);
        }
    }

    /// <summary>The current rows of these keys: from memory where it has them, the rest in one read of the
    /// table.</summary>
    private async Task<Dictionary<string, AlertListRow>> RowsOfAsync(
        IEnumerable<string> keys,
        CancellationToken cancellationToken
    )
    {
        var rows = new Dictionary<string, AlertListRow>(StringComparer.Ordinal);
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (rows.ContainsKey(key) || missing.Contains(key))
                continue;
            if (_rows.TryGetValue(key, out AlertListRow? row) && row is not null)
                rows[key] = row;
            else
                missing.Add(key);
        }
        if (missing.Count == 0)
            return rows;
        foreach (var (key, row) in await store.LoadRowsAsync(missing, cancellationToken).ConfigureAwait(false))
            rows[key] = row;
        return rows;
    }

    public void Dispose() => _rows.Dispose();
}
