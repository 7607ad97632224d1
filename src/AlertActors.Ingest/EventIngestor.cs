using Akka.Actor;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;
using Microsoft.Extensions.Logging;

namespace AlertActors.Ingest;

/// <summary>
/// The one pipeline every input shares (Kafka, HTTP, file): rules → the alert of each resulting dedup key, through
/// <see cref="OccurrenceSequencer"/> (each key's occurrences in order, bounded in flight, retried) → complete only when
/// every one of them has durably recorded the occurrence. Each event is matched against the rule set in force when it
/// arrives (<paramref name="rules"/>: the configuration's and the API's rules).
/// </summary>
/// <param name="attempts">Tries per alert before the ingest fails (Kafka then dead-letters the message).</param>
/// <param name="metrics">Counts the events a rule took no part in because it was inactive (null: not counted).</param>
public sealed class EventIngestor(
    IRequiredActor<AlertRegion> region,
    IRuleSetSource rules,
    TimeSpan askTimeout,
    int attempts = 1,
    ILogger? logger = null,
    AlertActorsMetrics? metrics = null
)
{
    // In each key's order, whatever the input: an ask lost with a crashed node is retried before later events of its
    // key.
    private readonly OccurrenceSequencer _sequencer = new(
        async command =>
            await (await region.GetAsync().ConfigureAwait(false))
                .Ask<AlertReplies.OccurrenceAccepted>(command, askTimeout)
                .ConfigureAwait(false),
        attempts,
        (dedupKey, attempt, error) =>
            logger?.LogWarning(
                "Recording occurrences of {DedupKey} failed (attempt {Attempt} of {Attempts}), retrying: {Error}",
                dedupKey,
                attempt,
                attempts,
                error.Message
            )
    );

    /// <summary>
    /// Records the event in every alert it feeds and says what happened (<see cref="IngestResult"/>: the alerts, a
    /// duplicate, or why no rule matched); traced (<see cref="AlertActorsTracing"/>): an ingest span from
    /// <paramref name="source"/>, a child of <paramref name="traceParent"/> (a Kafka message's header) or of the
    /// current activity, whose context each alert's command carries on.
    /// </summary>
    public Task<IngestResult> IngestAsync(
        InfraEvent evt,
        string source,
        string? traceParent,
        CancellationToken cancellationToken
    ) => IngestAllAsync([evt], source, [traceParent], cancellationToken)[0];

    /// <summary>
    /// Several events at once (a Kafka poll batch, an HTTP body): each dedup key's occurrences among them go to its
    /// alert together, in their order here, as one request. One task per event, as <see cref="IngestAsync"/>'s,
    /// completing when every alert it feeds has recorded it.
    /// </summary>
    /// <param name="traceParents">Per event, its producer's W3C <c>traceparent</c> (or null); same length as
    /// <paramref name="events"/>.</param>
    public IReadOnlyList<Task<IngestResult>> IngestAllAsync(
        IReadOnlyList<InfraEvent> events,
        string source,
        IReadOnlyList<string?> traceParents,
        CancellationToken cancellationToken
    )
    {
        var results = new Task<IngestResult>[events.Count];
        var byKey = new Dictionary<string, List<(int Event, OccurrenceEnvelope Command)>>(StringComparer.Ordinal);
        var matchesOf = new IReadOnlyList<AlertMatch>[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            using var activity = AlertActorsTracing.StartIngest(events[i], source, traceParents[i]);
            var evaluation = rules.Current.Evaluate(events[i]);
            matchesOf[i] = evaluation.Matches;
            foreach (var inactive in evaluation.Results.Where(r => r.Outcome == RuleOutcome.Inactive))
                metrics?.RuleInactiveEvent(inactive.Rule);
            activity?.SetTag("alertactors.alerts", evaluation.Matches.Count);
            if (evaluation.Matches.Count == 0)
            {
                results[i] = Task.FromResult(IngestResult.NothingMatched(events[i].Id, evaluation));
                continue;
            }
            var propagated = AlertActorsTracing.TraceParentOf(activity) ?? traceParents[i];
            foreach (var match in evaluation.Matches)
            {
                if (!byKey.TryGetValue(match.DedupKey, out var commands))
                    byKey[match.DedupKey] = commands = [];
                commands.Add((i, new OccurrenceEnvelope(match.DedupKey, match.Occurrence, propagated)));
            }
        }

        var recorded = new List<Task<bool>>?[events.Count];
        foreach (var commands in byKey.Values)
        {
            var tasks = _sequencer.RecordAllAsync([.. commands.Select(c => c.Command)], cancellationToken);
            for (var j = 0; j < commands.Count; j++)
                (recorded[commands[j].Event] ??= []).Add(tasks[j]);
        }
        for (var i = 0; i < events.Count; i++)
        {
            if (recorded[i] is { } tasks)
                results[i] = ResultOfAsync(events[i].Id, matchesOf[i], tasks);
        }
        return results;
    }

    private static async Task<IngestResult> ResultOfAsync(
        string eventId,
        IReadOnlyList<AlertMatch> matches,
        List<Task<bool>> recorded
    )
    {
        var duplicates = await Task.WhenAll(recorded).ConfigureAwait(false);
        return new IngestResult(
            eventId,
            duplicates.All(d => d) ? IngestOutcome.Duplicate : IngestOutcome.Recorded,
            [.. matches.Select(m => m.DedupKey)]
        );
    }
}
