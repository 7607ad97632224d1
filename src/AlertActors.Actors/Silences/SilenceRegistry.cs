using Akka.Actor;
using Akka.Event;
using AlertActors.Actors.Replication;
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
public sealed class SilenceRegistry : EventSourcedSetRegistry<SilenceSet, ISilenceJournalEvent>, IWithTimers
{
    public const string RegistryPersistenceId = "silence-registry";
    public const string Topic = "alertactors-silences";

    private readonly SilenceSettings _settings;

    public SilenceRegistry(IActorRef mediator, SilenceSettings settings)
        : base(mediator, Topic, SilenceSet.Empty, settings.SnapshotEvery, "the silence registry")
    {
        _settings = settings;

        Command<CreateSilence>(Create);
        Command<ExpireSilence>(Expire);
        Command<GetSilences>(_ => Sender.Tell(Set));
        Command<PruneTick>(_ =>
        {
            var before = Set;
            Set = Compacted(Set);
            if (!ReferenceEquals(before, Set))
                Publish();
        });
    }

    public override string PersistenceId => RegistryPersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="mediator">Where <c>Publish(Topic, set)</c> goes: the DistributedPubSub mediator (a probe in
    /// tests).</param>
    public static Props Props(IActorRef mediator, SilenceSettings settings) =>
        Akka.Actor.Props.Create(() => new SilenceRegistry(mediator, settings));

    protected override SilenceSet Apply(SilenceSet set, ISilenceJournalEvent evt, long sequenceNr) =>
        set.Apply(evt, sequenceNr);

    /// <summary>Without the silences that ended more than the retention ago.</summary>
    protected override SilenceSet Compacted(SilenceSet set) => set.Prune(Now - _settings.Retention);

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        Timers.StartPeriodicTimer(nameof(PruneTick), PruneTick.Instance, _settings.PruneInterval);
    }

    private void Create(CreateSilence command)
    {
        var silence = command.Silence;
        if (Set.Find(silence.Id) is { } existing)
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
        PersistChange(
            new SilenceJournalEvents.SilenceCreated(silence),
            () =>
            {
                Log.Info(
                    "Silence {0} created by {1}, {2} to {3}",
                    silence.Id,
                    silence.CreatedBy,
                    silence.StartsAt,
                    silence.EndsAt
                );
                sender.Tell(new SilenceReplies.Created(silence));
            }
        );
    }

    private void Expire(ExpireSilence command)
    {
        if (Set.Find(command.Id) is not { } silence)
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
        PersistChange(
            new SilenceJournalEvents.SilenceExpired(silence.Id, now),
            () =>
            {
                Log.Info("Silence {0} expired", silence.Id);
                sender.Tell(new SilenceReplies.Expired(Set.Find(silence.Id) ?? silence.ExpiredAt(now)));
            }
        );
    }

    private sealed class PruneTick
    {
        public static readonly PruneTick Instance = new();
    }
}
