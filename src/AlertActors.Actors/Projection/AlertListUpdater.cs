using Akka.Persistence.Query;
using AlertActors.Actors.Alerts;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Projection;

/// <summary>What one batch did to the alert list (published on the event stream; tests and metrics watch it).</summary>
/// <param name="Envelopes">Tagged events in the batch.</param>
/// <param name="Applied">Events folded into a row.</param>
/// <param name="Skipped">Events a row already reflected (a replay after a crash, or covered by a heal).</param>
/// <param name="Healed">Rows re-fetched from their alert entity because events were missing.</param>
/// <param name="Offset">The journal ordering number stored with the batch.</param>
public sealed record AlertListBatchApplied(int Envelopes, int Applied, int Skipped, int Healed, long Offset);

/// <summary>
/// Folds one batch of tagged alert events into the <c>alert_list</c> rows with the pure
/// <see cref="AlertState.Apply"/>: load the touched rows, skip events a row already reflects, heal gaps
/// from the alert entity (its <see cref="AlertReplies.AlertView"/> is authoritative), then write the rows
/// and the batch's offset in one transaction.
/// </summary>
/// <param name="fetchAlert">Asks the alert entity for its state; null when it has none.</param>
public sealed class AlertListUpdater(
    AlertReadStore store,
    string projectionName,
    Func<string, CancellationToken, Task<AlertReplies.AlertView?>> fetchAlert)
{
    public async Task<AlertListBatchApplied> ApplyAsync(IReadOnlyList<EventEnvelope> batch, CancellationToken cancellationToken = default)
    {
        var offset = batch.Max(e => e.Offset is Sequence s ? s.Value : 0L);
        var events = batch
            .Where(e => e.Event is IAlertEvent && e.PersistenceId.StartsWith(AlertEntity.PersistenceIdPrefix, StringComparison.Ordinal))
            .Select(e => (Key: e.PersistenceId[AlertEntity.PersistenceIdPrefix.Length..], e.SequenceNr, Event: (IAlertEvent)e.Event))
            .ToList();

        var rows = await store.LoadRowsAsync(events.Select(e => e.Key).ToList(), cancellationToken).ConfigureAwait(false);
        var changed = new Dictionary<string, AlertListRow>(StringComparer.Ordinal);
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        int applied = 0, skipped = 0, healed = 0;
        foreach (var (key, sequenceNr, evt) in events)
        {
            var row = rows.GetValueOrDefault(key);
            var known = row?.SequenceNr ?? 0;
            if (sequenceNr <= known || unknown.Contains(key))
            {
                skipped++;
                continue;
            }
            if (sequenceNr > known + 1)
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
                row = new AlertListRow(key, view.SequenceNr, view.State);
                rows[key] = changed[key] = row;
                if (sequenceNr <= view.SequenceNr)
                {
                    skipped++;
                    continue;
                }
                if (sequenceNr > view.SequenceNr + 1)
                    throw new InvalidOperationException(
                        $"alert {key} answered with sequence number {view.SequenceNr}, behind journal event {sequenceNr}");
            }
            row = new AlertListRow(key, sequenceNr, (row?.State ?? AlertState.Empty(key)).Apply(evt));
            rows[key] = changed[key] = row;
            applied++;
        }

        await store.SaveAsync(projectionName, changed.Values.Where(r => r.State.Exists).ToList(), offset, cancellationToken).ConfigureAwait(false);
        return new AlertListBatchApplied(batch.Count, applied, skipped, healed, offset);
    }
}
