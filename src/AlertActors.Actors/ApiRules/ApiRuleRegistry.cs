using Akka.Actor;
using Akka.Event;
using AlertActors.Actors.Replication;
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
public sealed class ApiRuleRegistry : EventSourcedSetRegistry<ApiRuleSet, IApiRuleJournalEvent>
{
    public const string RegistryPersistenceId = "rule-registry";
    public const string Topic = "alertactors-rules";

    /// <summary>A snapshot of the set is saved after this many events since the last one.</summary>
    public const int SnapshotEvery = 100;

    /// <param name="mediator">Where <c>Publish(Topic, set)</c> goes: the DistributedPubSub mediator (a probe in
    /// tests).</param>
    public ApiRuleRegistry(IActorRef mediator)
        : base(mediator, Topic, ApiRuleSet.Empty, SnapshotEvery, "the rule registry")
    {
        Command<StoreRule>(Store);
        Command<DeleteRule>(Delete);
        Command<GetApiRules>(_ => Sender.Tell(Set));
    }

    public override string PersistenceId => RegistryPersistenceId;

    public static Props Props(IActorRef mediator) => Akka.Actor.Props.Create(() => new ApiRuleRegistry(mediator));

    protected override ApiRuleSet Apply(ApiRuleSet set, IApiRuleJournalEvent evt, long sequenceNr) =>
        set.Apply(evt, sequenceNr);

    private void Store(StoreRule command)
    {
        var existing = Set.Find(command.Name);
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
        PersistChange(
            new ApiRuleJournalEvents.RuleStored(name, command.Definition, command.By, Now),
            () =>
            {
                var stored = Set.Find(name)!;
                Log.Info(
                    "Rule {0} {1} by {2} (revision {3})",
                    name,
                    existing is null ? "created" : "replaced",
                    command.By,
                    stored.Revision
                );
                sender.Tell(new ApiRuleReplies.Stored(stored, Created: existing is null));
            }
        );
    }

    private void Delete(DeleteRule command)
    {
        if (Set.Find(command.Name) is not { } existing)
        {
            Sender.Tell(new ApiRuleReplies.NotFound(command.Name));
            return;
        }
        var sender = Sender;
        var deleted = new ApiRuleJournalEvents.RuleDeleted(existing.Name, command.By, Now);
        PersistChange(
            deleted,
            () =>
            {
                Log.Info("Rule {0} deleted by {1} (revision {2})", existing.Name, deleted.By, Set.Revision);
                // Answered as it was, with the deletion's revision, who and when.
                sender.Tell(
                    new ApiRuleReplies.Deleted(
                        existing with
                        {
                            Revision = Set.Revision,
                            UpdatedBy = deleted.By,
                            UpdatedAt = deleted.At,
                        },
                        Set.Revision
                    )
                );
            }
        );
    }
}
