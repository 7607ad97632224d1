using Akka.Persistence;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Alerts;

/// <summary>
/// How the alert comes back: recovery from the journal (its checkpoints, or an earlier version's snapshot), and the
/// checkpoints it writes so that recovery replays only from the latest one.
/// </summary>
public sealed partial class AlertEntity
{
    /// <summary>
    /// From the journal alone (its checkpoints), without a snapshot-store read: a new alert costs one query to recover.
    /// Alerts an earlier version snapshotted and trimmed recover from the snapshot store
    /// (<see cref="LegacySnapshots"/>).
    /// </summary>
    public override Recovery Recovery =>
        _legacySnapshots.Contains(_state.DedupKey) ? Recovery.Default : new Recovery(SnapshotSelectionCriteria.None);

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer offer:
                _state = (AlertState)offer.Snapshot;
                _checkpointSequenceNr = offer.Metadata.SequenceNr;
                _snapshotOffered = true;
                break;
            case TracedJournalEvent traced:
                Recover(traced.Event);
                foreach (var (number, traceParent) in traced.DeliveryTraceParents)
                    _deliveryTraceParents[number] = traceParent;
                break;
            case IAlertJournalEvent evt:
                Recover(evt);
                break;
        }
    }

    private void Recover(IAlertJournalEvent evt)
    {
        // Events were deleted before this one and it is no checkpoint: an earlier version's snapshot holds the rest.
        if (!_replayedAny && !_snapshotOffered && LastSequenceNr > 1 && evt is not AlertJournalEvents.Checkpoint)
        {
            _legacySnapshots.Add(_state.DedupKey);
            throw new LegacySnapshotRequiredException(_state.DedupKey, LastSequenceNr);
        }
        _replayedAny = true;
        if (evt is AlertJournalEvents.Checkpoint)
            _checkpointSequenceNr = LastSequenceNr;
        _state = _state.Apply(evt);
    }

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        _durableDeliveriesBelow = _state.NextDeliveryNumber;
        ReportInhibitionSource(recovered: true);
        AfterStateSettled();
        if (LastSequenceNr > 0)
            Context.System.EventStream.Publish(
                new AlertRecovered(
                    _state.DedupKey,
                    _overdue.Count > 0 || Enum.GetValues<AlertTimer>().Any(timer => Timers.IsTimerActive(timer))
                )
            );
    }

    /// <summary>
    /// Every <see cref="AlertEntitySettings.SnapshotEvery"/> writes, the whole state as a journal event of its own;
    /// once it is durable the events before it are deleted (and any snapshot an earlier version took), so recovery
    /// replays from it. Read models that miss the deleted events take the checkpoint as the row.
    /// </summary>
    private void MaybeCheckpoint()
    {
        if (LastSequenceNr - _checkpointSequenceNr < _settings.SnapshotEvery)
            return;
        _writing = true;
        ForgetTraceParentsOfCompletedDeliveries();
        PersistAsync(
            Traced(new AlertJournalEvents.Checkpoint(_state), _deliveryTraceParents.Keys),
            _ =>
            {
                _writing = false;
                _checkpointSequenceNr = LastSequenceNr;
                DeleteMessages(LastSequenceNr - 1);
                if (_snapshotOffered)
                {
                    DeleteSnapshots(SnapshotSelectionCriteria.Latest);
                    _snapshotOffered = false;
                    _legacySnapshots.Remove(_state.DedupKey);
                }
                ProcessQueue();
                StopWhenDone();
            }
        );
    }
}
