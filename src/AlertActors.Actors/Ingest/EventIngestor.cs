using Akka.Actor;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;

namespace AlertActors.Actors.Ingest;

/// <summary>
/// The one pipeline every input shares (Kafka, HTTP): rules → ask the alert entity of each resulting
/// dedup key → complete only when every one of them has durably recorded the occurrence.
/// </summary>
public sealed class EventIngestor(IRequiredActor<AlertRegion> region, RuleSet rules, TimeSpan askTimeout)
{
    /// <summary>Records the event in every alert it feeds; returns how many alerts that was.</summary>
    public Task<int> IngestAsync(InfraEvent evt, CancellationToken cancellationToken) => IngestAsync(evt, EventSources.Http, null, cancellationToken);

    /// <summary>
    /// As above, traced (<see cref="AlertActorsTracing"/>): an ingest span from <paramref name="source"/>, a child of <paramref name="traceParent"/>
    /// (a Kafka message's header) or of the current activity, whose context each alert's command carries on.
    /// </summary>
    public async Task<int> IngestAsync(InfraEvent evt, string source, string? traceParent, CancellationToken cancellationToken)
    {
        using var activity = AlertActorsTracing.StartIngest(evt, source, traceParent);
        var matches = rules.Match(evt);
        activity?.SetTag("alertactors.alerts", matches.Count);
        if (matches.Count == 0) return 0;
        var propagated = AlertActorsTracing.TraceParentOf(activity) ?? traceParent;
        var shards = await region.GetAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(matches.Select(match => shards.Ask<AlertReplies.OccurrenceAccepted>(
            new AlertCommands.RecordOccurrence(match.DedupKey, match.Occurrence, propagated), askTimeout, cancellationToken))).ConfigureAwait(false);
        return matches.Count;
    }
}
