using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;

namespace AlertActors.Actors.Replication;

/// <summary>
/// The one writer of a set replicated to every node (a persistent cluster singleton: silences, rules stored through
/// the API). It recovers the set from its snapshot and journal events, persists each change as one event
/// (<see cref="PersistChange"/>), and after recovery and every change publishes the whole set on its topic, where each
/// node's <see cref="ReplicaSubscriber{TSet}"/> takes it. A snapshot is saved every <c>snapshotEvery</c> events
/// (older snapshots are deleted), so recovery reads at most that many events.
/// </summary>
/// <typeparam name="TSet">The whole set (immutable), journaled as the snapshot.</typeparam>
/// <typeparam name="TEvent">The set's journal events.</typeparam>
public abstract class EventSourcedSetRegistry<TSet, TEvent> : ReceivePersistentActor
    where TSet : class
    where TEvent : class
{
    private readonly IActorRef _mediator;
    private readonly string _topic;
    private readonly int _snapshotEvery;
    private int _eventsSinceSnapshot;

    /// <param name="mediator">Where <c>Publish(topic, set)</c> goes: the DistributedPubSub mediator (a probe in
    /// tests).</param>
    /// <param name="topic">The topic the set is published on.</param>
    /// <param name="empty">The set before the first event.</param>
    /// <param name="snapshotEvery">Events between two snapshots.</param>
    /// <param name="what">What the set is, for log lines ("the silence registry").</param>
    protected EventSourcedSetRegistry(IActorRef mediator, string topic, TSet empty, int snapshotEvery, string what)
    {
        _mediator = mediator;
        _topic = topic;
        _snapshotEvery = snapshotEvery;
        Set = empty;

        Recover<SnapshotOffer>(offer =>
        {
            Set = (TSet)offer.Snapshot;
            _eventsSinceSnapshot = 0;
        });
        Recover<TEvent>(evt =>
        {
            Set = Apply(Set, evt, LastSequenceNr);
            _eventsSinceSnapshot++;
        });
        Command<SaveSnapshotSuccess>(saved =>
            DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1))
        );
        Command<SaveSnapshotFailure>(failed => Log.Warning("Snapshot of {0} failed: {1}", what, failed.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed =>
            Log.Warning("Deleting old snapshots of {0} failed: {1}", what, failed.Cause.Message)
        );
    }

    /// <summary>The set as recovered and changed so far.</summary>
    protected TSet Set { get; set; }

    protected DateTimeOffset Now => Context.System.Scheduler.Now;

    /// <summary><paramref name="set"/> after <paramref name="evt"/>, journaled at
    /// <paramref name="sequenceNr"/>.</summary>
    protected abstract TSet Apply(TSet set, TEvent evt, long sequenceNr);

    /// <summary>The set as it is kept and snapshotted (e.g. without entries past their retention); the set itself by
    /// default.</summary>
    protected virtual TSet Compacted(TSet set) => set;

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        Set = Compacted(Set);
        Publish();
    }

    /// <summary>Persists <paramref name="evt"/>; once it is journaled, applies and publishes it (snapshotting when
    /// due) and then runs <paramref name="then"/> (the reply).</summary>
    protected void PersistChange(TEvent evt, Action then) =>
        Persist(
            evt,
            persisted =>
            {
                Set = Apply(Set, persisted, LastSequenceNr);
                Publish();
                if (++_eventsSinceSnapshot >= _snapshotEvery)
                {
                    Set = Compacted(Set);
                    SaveSnapshot(Set);
                    _eventsSinceSnapshot = 0;
                }
                then();
            }
        );

    /// <summary>Publishes the whole set on the topic.</summary>
    protected void Publish() => _mediator.Tell(new Publish(_topic, Set));
}
