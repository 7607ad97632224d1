using Akka;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using AlertActors.Actors.Alerts;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Projection;

/// <summary>Feeds <see cref="AlertReadModel"/> from <c>EventsByTag("alert")</c>, restarting with backoff on failure.</summary>
public static class AlertListProjection
{
    public static AkkaConfigurationBuilder AddAlertListProjection(this AkkaConfigurationBuilder builder, AlertReadModel readModel) =>
        builder.AddStartup((system, _) =>
        {
            var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
            var offset = Offset.NoOffset();
            RestartSource.WithBackoff(
                    () => journal.EventsByTag(AlertEntity.Tag, offset).Select(envelope =>
                    {
                        offset = envelope.Offset;
                        if (envelope.Event is IAlertEvent evt) readModel.Apply(envelope.PersistenceId, evt);
                        return NotUsed.Instance;
                    }),
                    RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2))
                .RunWith(Sink.Ignore<NotUsed>(), system.Materializer());
        });
}
