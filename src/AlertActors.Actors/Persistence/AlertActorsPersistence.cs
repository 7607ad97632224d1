using System.Data;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using AlertActors.Configuration;

namespace AlertActors.Actors.Persistence;

/// <summary>
/// The journal, snapshot store and read journal (Akka.Persistence.Sql on SQLite or PostgreSQL) through
/// Akka.Persistence.Sql.Hosting, from
/// <c>alertactors.persistence</c>. Tunables without a fluent option stay in
/// <c>hocon/persistence-&lt;provider&gt;.conf</c>.
/// </summary>
public static class AlertActorsPersistence
{
    /// <summary>The journal of <paramref name="persistence"/>: the default plugin <c>akka.persistence.journal.sql</c>,
    /// tables created at start.</summary>
    public static SqlJournalOptions JournalOptions(PersistenceSettings persistence) =>
        new(isDefaultPlugin: true)
        {
            ConnectionString = persistence.ConnectionString,
            ProviderName = persistence.LinqToDbProviderName,
            AutoInitialize = true,
            // SQLite: reads (recovery, highest sequence number, the read journal) in a deferred transaction. The
            // default BEGIN IMMEDIATE takes SQLite's single write lock just to read, and a writer that finds it taken
            // sleeps 150 ms; WAL gives readers a consistent snapshot.
            ReadIsolationLevel = ReadIsolation(persistence),
        };

    public static SqlSnapshotOptions SnapshotOptions(PersistenceSettings persistence) =>
        new(isDefaultPlugin: true)
        {
            ConnectionString = persistence.ConnectionString,
            ProviderName = persistence.LinqToDbProviderName,
            AutoInitialize = true,
            ReadIsolationLevel = ReadIsolation(persistence),
        };

    /// <summary>
    /// Journal, snapshot store and read journal of <paramref name="persistence"/>, and, when given, the journal's
    /// readiness check (the node registers its <c>journal_reachable</c> one; without it no check is registered for the
    /// journal).
    /// </summary>
    public static AkkaConfigurationBuilder AddAlertActorsPersistence(
        this AkkaConfigurationBuilder builder,
        PersistenceSettings persistence,
        AkkaHealthCheckRegistration? journalHealthCheck = null
    ) =>
        builder.WithSqlPersistence(
            JournalOptions(persistence),
            SnapshotOptions(persistence),
            journalBuilder: journalHealthCheck is null
                ? null
                : journal => journal.WithCustomHealthCheck(journalHealthCheck)
        );

    private static IsolationLevel? ReadIsolation(PersistenceSettings persistence) =>
        persistence.Provider == PersistenceSettings.Sqlite ? IsolationLevel.ReadUncommitted : null;
}
