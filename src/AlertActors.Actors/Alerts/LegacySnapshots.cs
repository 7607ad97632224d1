using System.Collections.Concurrent;

namespace AlertActors.Actors.Alerts;

/// <summary>
/// The alerts this node has found to depend on the Akka snapshot store: an earlier version snapshotted them and deleted
/// the events before the snapshot, so their journal alone no longer gives their state. An alert recovers without the
/// snapshot store (its
/// <see cref="Domain.Alerts.AlertJournalEvents.Checkpoint"/> events are in the journal) unless it is listed here; it is
/// listed the first time its recovery finds such a gap, and that recovery fails so the next one reads the snapshot. One
/// per node, shared by its alerts.
/// </summary>
public sealed class LegacySnapshots
{
    private readonly ConcurrentDictionary<string, bool> _keys = new(StringComparer.Ordinal);

    public bool Contains(string dedupKey) => _keys.ContainsKey(dedupKey);

    public void Add(string dedupKey) => _keys.TryAdd(dedupKey, true);

    /// <summary>The alert wrote a checkpoint: its journal gives its state again.</summary>
    public void Remove(string dedupKey) => _keys.TryRemove(dedupKey, out _);
}
