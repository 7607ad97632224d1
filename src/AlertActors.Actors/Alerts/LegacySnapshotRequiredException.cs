namespace AlertActors.Actors.Alerts;

/// <summary>
/// Thrown during an alert's recovery when its journal starts after deleted events with no checkpoint (an earlier
/// version's snapshot holds what came before): the recovery fails, the alert is listed in
/// <see cref="LegacySnapshots"/>, and its next start recovers from the snapshot store. Whatever message started that
/// recovery is not answered (senders retry: the ingest, the scheduler).
/// </summary>
public sealed class LegacySnapshotRequiredException(string dedupKey, long firstSequenceNr)
    : Exception(
        $"alert {dedupKey} was snapshotted by an earlier version (its journal starts at {firstSequenceNr}); it recovers from its snapshot next time"
    )
{
    public string DedupKey { get; } = dedupKey;
}
