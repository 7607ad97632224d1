using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using AlertActors.Domain.ApiRules;
using static AlertActors.Domain.ApiRules.ApiRuleCommands;

namespace AlertActors.Actors.ApiRules;

/// <summary>
/// The one writer of the rules stored through the API (a persistent cluster singleton, README "Rules through the
/// API"). It persists <see cref="ApiRuleJournalEvents.RuleStored"/> and <see cref="ApiRuleJournalEvents.RuleDeleted"/>
/// (each change's journal sequence number is its revision), stamps who and when, and after every change publishes the
/// whole <see cref="ApiRuleSet"/> on <see cref="Topic"/> so every node's <see cref="CurrentRules"/> follows within
/// moments. Definitions arrive validated (by the node that took the request); the registry checks only what needs the
/// one writer: whether a name is taken.
/// </summary>
public sealed class ApiRuleRegistry : ReceivePersistentActor
{
    public const string RegistryPersistenceId = "rule-registry";
    public const string Topic = "alertactors-rules";

    /// <summary>A snapshot of the set is saved after this many events since the last one.</summary>
    public const int SnapshotEvery = 100;

    private readonly IActorRef _mediator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ApiRuleSet _set = ApiRuleSet.Empty;
    private int _eventsSinceSnapshot;

    /// <param name="mediator">Where <c>Publish(Topic, set)</c> goes: the DistributedPubSub mediator (a probe in
    /// tests).</param>
    public ApiRuleRegistry(IActorRef mediator)
    {
        _mediator = mediator;

        Recover<SnapshotOffer>(offer =>
        {
            _set = (ApiRuleSet)offer.Snapshot;
            _eventsSinceSnapshot = 0;
        });
        Recover<IApiRuleJournalEvent>(evt =>
        {
            _set = _set.Apply(evt, LastSequenceNr);
            _eventsSinceSnapshot++;
        });

        Command<StoreRule>(Store);
        Command<DeleteRule>(Delete);
        Command<GetApiRules>(_ => Sender.Tell(_set));
        Command<SaveSnapshotSuccess>(saved =>
            DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1))
        );
        Command<SaveSnapshotFailure>(failed =>
            _log.Warning("Snapshot of the rule registry failed: {0}", failed.Cause.Message)
        );
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed =>
            _log.Warning("Deleting old rule registry snapshots failed: {0}", failed.Cause.Message)
        );
    }

    public override string PersistenceId => RegistryPersistenceId;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(IActorRef mediator) => Akka.Actor.Props.Create(() => new ApiRuleRegistry(mediator));

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        Publish();
    }

    private void Store(StoreRule command)
    {
        var existing = _set.Find(command.Name);
        if (existing is not null && command.CreateOnly)
        {
            Sender.Tell(
                new ApiRuleReplies.Rejected(
                    $"a rule named {existing.Name} already exists (revision {existing.Revision}); PUT /api/v1/rules/{existing.Name} replaces it"
                )
            );
            return;
        }
        var sender = Sender;
        // A rule keeps the spelling of its name it was created with (names are unique ignoring case).
        var name = existing?.Name ?? command.Name;
        Persist(
            new ApiRuleJournalEvents.RuleStored(name, command.Definition, command.By, Now),
            evt =>
            {
                Changed(evt);
                sender.Tell(new ApiRuleReplies.Stored(_set.Find(name)!, Created: existing is null));
            }
        );
    }

    private void Delete(DeleteRule command)
    {
        if (_set.Find(command.Name) is not { } existing)
        {
            Sender.Tell(new ApiRuleReplies.NotFound(command.Name));
            return;
        }
        var sender = Sender;
        Persist(
            new ApiRuleJournalEvents.RuleDeleted(existing.Name, command.By, Now),
            evt =>
            {
                Changed(evt);
                sender.Tell(new ApiRuleReplies.Deleted(existing, _set.Revision));
            }
        );
    }

    private void Changed(IApiRuleJournalEvent evt)
    {
        _set = _set.Apply(evt, LastSequenceNr);
        Publish();
        if (++_eventsSinceSnapshot < SnapshotEvery)
            return;
        SaveSnapshot(_set);
        _eventsSinceSnapshot = 0;
    }

    private void Publish() => _mediator.Tell(new Publish(Topic, _set));
}
