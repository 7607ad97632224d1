using Akka.Actor;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
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
    public async Task<int> IngestAsync(InfraEvent evt, CancellationToken cancellationToken)
    {
        var matches = rules.Match(evt);
        if (matches.Count == 0) return 0;
        var shards = await region.GetAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(matches.Select(match => shards.Ask<AlertReplies.OccurrenceAccepted>(
            new AlertCommands.RecordOccurrence(match.DedupKey, match.Occurrence), askTimeout, cancellationToken))).ConfigureAwait(false);
        return matches.Count;
    }
}
