using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using AlertActors.Domain.Silences;
using static AlertActors.Domain.Silences.SilenceCommands;

namespace AlertActors.Actors.Silences;

/// <summary>Tunables of the silence registry and of each node's copy.</summary>
public sealed record SilenceSettings
{
    /// <summary>An expired silence stays listed this long, then it is pruned.</summary>
    public TimeSpan Retention { get; init; } = SilenceSet.DefaultRetention;

    /// <summary>How often the registry prunes expired silences.</summary>
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each node asks the registry for the whole set (heals a missed publish).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A snapshot of the set is saved after this many events since the last one.</summary>
    public int SnapshotEvery { get; init; } = 100;
}

/// <summary>
/// The one writer of the cluster's silences (a persistent cluster singleton). It persists
/// <see cref="SilenceJournalEvents.SilenceCreated"/> and <see cref="SilenceJournalEvents.SilenceExpired"/>, and after
/// every change publishes the whole <see cref="SilenceSet"/> on <see cref="Topic"/> so every node's
/// <see cref="SilenceCache"/> follows. Silences that ended more than <see cref="SilenceSettings.Retention"/>
/// ago are pruned (at recovery, on a timer and in snapshots), so the state stays small.
/// </summary>
public sealed class SilenceRegistry : ReceivePersistentActor, IWithTimers
{
    public const string RegistryPersistenceId = "silence-registry";
    public const string Topic = "alertactors-silences";

    private readonly IActorRef _mediator;
    private readonly SilenceSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SilenceSet _set = SilenceSet.Empty;
    private int _eventsSinceSnapshot;

    public SilenceRegistry(IActorRef mediator, SilenceSettings settings)
    {
        _mediator = mediator;
        _settings = settings;

        Recover<SnapshotOffer>(offer =>
        {
            _set = (SilenceSet)offer.Snapshot;
            _eventsSinceSnapshot = 0;
        });
        Recover<ISilenceJournalEvent>(evt =>
        {
            _set = _set.Apply(evt, LastSequenceNr);
            _eventsSinceSnapshot++;
        });

        Command<CreateSilence>(Create);
        Command<ExpireSilence>(Expire);
        Command<GetSilences>(_ => Sender.Tell(_set));
        Command<PruneTick>(_ =>
        {
            var before = _set;
            Prune();
            if (!ReferenceEquals(before, _set))
                Publish();
        });
        Command<SaveSnapshotSuccess>(saved =>
            DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1))
        );
        Command<SaveSnapshotFailure>(failed =>
            _log.Warning("Snapshot of the silence registry failed: {0}", failed.Cause.Message)
        );
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed =>
            _log.Warning("Deleting old silence snapshots failed: {0}", failed.Cause.Message)
        );
    }

    public override string PersistenceId => RegistryPersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    /// <param name="mediator">Where <c>Publish(Topic, set)</c> goes: the DistributedPubSub mediator (a probe in
    /// tests).</param>
    public static Props Props(IActorRef mediator, SilenceSettings settings) =>
        Akka.Actor.Props.Create(() => new SilenceRegistry(mediator, settings));

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        Prune();
        Publish();
        Timers.StartPeriodicTimer(nameof(PruneTick), PruneTick.Instance, _settings.PruneInterval);
    }

    private void Create(CreateSilence command)
    {
        var silence = command.Silence;
        if (_set.Find(silence.Id) is { } existing)
        {
            // A retried request with the same id is answered again; a different silence under a taken id is not.
            Sender.Tell(
                existing.Equals(silence)
                    ? new SilenceReplies.Created(existing)
                    : new SilenceReplies.Rejected($"a silence with id {silence.Id} already exists")
            );
            return;
        }
        if (silence.Matchers.IsDefaultOrEmpty || silence.EndsAt <= silence.StartsAt)
        {
            Sender.Tell(
                new SilenceReplies.Rejected("a silence needs at least one matcher and must end after it starts")
            );
            return;
        }
        var sender = Sender;
        Persist(
            new SilenceJournalEvents.SilenceCreated(silence),
            evt =>
            {
                Changed(evt);
                sender.Tell(new SilenceReplies.Created(silence));
            }
        );
    }

    private void Expire(ExpireSilence command)
    {
        if (_set.Find(command.Id) is not { } silence)
        {
            Sender.Tell(new SilenceReplies.NotFound(command.Id));
            return;
        }
        var now = Now;
        if (silence.StatusAt(now) == SilenceStatus.Expired)
        {
            Sender.Tell(new SilenceReplies.Expired(silence));
            return;
        }
        var sender = Sender;
        Persist(
            new SilenceJournalEvents.SilenceExpired(silence.Id, now),
            evt =>
            {
                Changed(evt);
                sender.Tell(new SilenceReplies.Expired(_set.Find(silence.Id) ?? silence.ExpiredAt(now)));
            }
        );
    }

    private void Changed(ISilenceJournalEvent evt)
    {
        _set = _set.Apply(evt, LastSequenceNr);
        Publish();
        if (++_eventsSinceSnapshot < _settings.SnapshotEvery)
            return;
        Prune();
        SaveSnapshot(_set);
        _eventsSinceSnapshot = 0;
    }

    private void Prune() => _set = _set.Prune(Now - _settings.Retention);

    private void Publish() => _mediator.Tell(new Publish(Topic, _set));

    private sealed class PruneTick
    {
        public static readonly PruneTick Instance = new();
    }
}
