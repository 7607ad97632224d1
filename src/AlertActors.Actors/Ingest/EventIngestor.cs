using Akka.Actor;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;
using Microsoft.Extensions.Logging;

namespace AlertActors.Actors.Ingest;

/// <summary>
/// The one pipeline every input shares (Kafka, HTTP, file): rules → the alert of each resulting dedup key, through
/// <see cref="OccurrenceSequencer"/> (each key's occurrences in order, bounded in flight, retried) → complete only when
/// every one of them has durably recorded the occurrence.
/// </summary>
/// <param name="attempts">Tries per alert before the ingest fails (Kafka then dead-letters the message).</param>
public sealed class EventIngestor(IRequiredActor<AlertRegion> region, RuleSet rules, TimeSpan askTimeout, int attempts = 1, ILogger? logger = null)
{
    // In each key's order, whatever the input: an ask lost with a crashed node is retried before later events of its key.
    private readonly OccurrenceSequencer _sequencer = new(
        async command => await (await region.GetAsync().ConfigureAwait(false)).Ask<AlertReplies.OccurrenceAccepted>(command, askTimeout).ConfigureAwait(false),
        attempts,
        (dedupKey, attempt, error) => logger?.LogWarning("Recording occurrences of {DedupKey} failed (attempt {Attempt} of {Attempts}), retrying: {Error}",
            dedupKey, attempt, attempts, error.Message));

    /// <summary>
    /// Records the event in every alert it feeds and says what happened (<see cref="IngestResult"/>: the alerts, a duplicate, or why no rule
    /// matched); traced (<see cref="AlertActorsTracing"/>): an ingest span from <paramref name="source"/>, a child of <paramref name="traceParent"/>
    /// (a Kafka message's header) or of the current activity, whose context each alert's command carries on.
    /// </summary>
    public async Task<IngestResult> IngestAsync(InfraEvent evt, string source, string? traceParent, CancellationToken cancellationToken)
    {
        using var activity = AlertActorsTracing.StartIngest(evt, source, traceParent);
        var evaluation = rules.Evaluate(evt);
        var matches = evaluation.Matches;
        activity?.SetTag("alertactors.alerts", matches.Count);
        if (matches.Count == 0) return IngestResult.NothingMatched(evt.Id, evaluation);
        var propagated = AlertActorsTracing.TraceParentOf(activity) ?? traceParent;
        var duplicates = await Task.WhenAll(matches.Select(match => _sequencer.RecordAsync(
            new AlertCommands.RecordOccurrence(match.DedupKey, match.Occurrence, propagated), cancellationToken))).ConfigureAwait(false);
        return new IngestResult(evt.Id, duplicates.All(d => d) ? IngestOutcome.Duplicate : IngestOutcome.Recorded, [.. matches.Select(m => m.DedupKey)]);
    }
}
