using System.Collections.Immutable;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Delivery;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Silences;
using static AlertActors.Actors.Delivery.DeliveryMessages;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The alert entity on a real SQLite journal, with a probe in place of the node's notification dispatcher
/// and virtual time for its redelivery timers: what the specs of the entity share (a fresh journal per test and
/// helpers to drive the entity).
/// </summary>
public abstract class AlertEntitySpec : SqliteJournalSpec
{
    protected const string Key = "site-a:dhcp.lease.rogue_mac:aa:bb";
    protected static readonly TimeSpan NoMessage = TimeSpan.FromMilliseconds(300);
    protected readonly TestProbe _dispatcher;
    protected readonly AlertEntitySettings _settings = new()
    {
        RetryBaseDelay = TimeSpan.FromSeconds(1),
        RetryMaxDelay = TimeSpan.FromMinutes(1),
    };

    protected AlertEntitySpec()
    {
        _dispatcher = CreateTestProbe("dispatcher");
    }

    protected IActorRef StartEntity(ISilenceLookup? silences = null, IRoutingTargets? routes = null) =>
        Sys.ActorOf(AlertEntity.Props(Key, _dispatcher.Ref, _settings, silences ?? NoSilences.Instance, routes));

    protected static AlertPolicy Policy(int repeatMinutes = 240, int autoResolveMinutes = 30) =>
        AlertPolicy.Default with
        {
            RepeatInterval = TimeSpan.FromMinutes(repeatMinutes),
            AutoResolveAfter = TimeSpan.FromMinutes(autoResolveMinutes),
        };

    /// <summary>Receives the next <paramref name="count"/> deliveries and confirms each.</summary>
    protected List<Deliver> AnswerAll(IActorRef entity, int count)
    {
        var deliveries = _dispatcher.ReceiveN(count).Cast<Deliver>().ToList();
        foreach (var d in deliveries)
            Confirm(entity, d);
        return deliveries;
    }

    /// <summary>Answers <paramref name="delivery"/> as delivered.</summary>
    protected void Confirm(IActorRef entity, Deliver delivery) =>
        Answer(entity, delivery.Number, delivery.Provider, DeliveryOutcomeKind.Delivered);

    protected static AlertCommands.RecordOccurrence Trigger(
        string eventId,
        ImmutableArray<string>? providers = null,
        AlertPolicy? policy = null,
        Severity severity = Severity.Critical
    ) =>
        new(
            Key,
            new Occurrence(
                eventId,
                new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero),
                EventAction.Trigger,
                severity,
                "Rogue DHCP lease",
                "dhcp-watcher/site-a",
                "dhcp.lease.rogue_mac",
                "aa:bb",
                "site-a",
                "default",
                providers ?? [ProviderNames.PagerDuty, ProviderNames.OpsGenie],
                Details: null,
                policy ?? AlertPolicy.Default
            )
        );

    protected static AlertCommands.RecordOccurrence Resolve(string eventId, Severity severity = Severity.Critical) =>
        Trigger(eventId, severity: severity) is var trigger
            ? trigger with
            {
                Occurrence = trigger.Occurrence with { Action = EventAction.Resolve },
            }
            : null!;

    protected void Answer(
        IActorRef entity,
        long number,
        string provider,
        DeliveryOutcomeKind kind,
        TimeSpan? retryAfter = null
    ) => entity.Tell(new Attempted(number, provider, new DeliveryOutcome(kind, "test", retryAfter)), _dispatcher.Ref);

    /// <summary>Rows the alert's persistence id has in the journal table.</summary>
    protected long JournalRows() => (long)Scalar("SELECT COUNT(*) FROM journal WHERE persistence_id = $p")!;

    /// <summary>The entity's state, waited for up to <paramref name="within"/> (the test kit's default when
    /// null).</summary>
    protected AlertState AlertOf(IActorRef entity, TimeSpan? within = null)
    {
        entity.Tell(new AlertCommands.GetAlert(Key));
        return ExpectMsg<AlertReplies.AlertView>(within).State;
    }

    /// <summary>The first value <paramref name="sql"/> selects from the journal database, with <c>$p</c> the alert's
    /// persistence id.</summary>
    protected object? Scalar(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(DataDirectory, "alertactors.db")}"
        );
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", AlertEntity.PersistenceIdPrefix + Key);
        return command.ExecuteScalar();
    }
}
