using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Events;
using AlertActors.Host.Api;
using AlertActors.Ingest;

namespace AlertActors.Host.Application;

/// <summary>
/// Events posted over HTTP (CloudEvents or an Alertmanager webhook): the whole body is validated first and nothing is
/// processed if any item is invalid or (for a tenant-scoped caller) of another tenant; then every event goes to its
/// alerts, and the answer comes only after every resulting alert has durably recorded its occurrence. An Alertmanager
/// webhook is the exception: its valid alerts are recorded even if others are invalid (Alertmanager drops a webhook
/// answered 4xx, so one bad alert would page nobody); the refused ones are listed in the answer and logged.
/// </summary>
/// <remarks>Counted in <c>alertactors_events_in_total</c> by source: every event of an accepted body as accepted, an
/// invalid body once as invalid, and each refused alert of a partly accepted webhook as invalid.</remarks>
public sealed class EventIntake(
    EventIngestor ingestor,
    TimeProvider time,
    ILogger<EventIntake> logger,
    AlertActorsMetrics? metrics = null
)
{
    /// <summary>Turns a body into events, or says what is wrong with it (<see cref="InfraEventParser.ParseBatch"/>,
    /// <see cref="AlertmanagerWebhook.Parse"/>).</summary>
    public delegate ParsedEvents Parser(ReadOnlySpan<byte> utf8Json, DateTimeOffset receivedAt);

    /// <summary>What became of a body.</summary>
    public abstract record Outcome
    {
        /// <summary>Every event was recorded (or had been: a redelivery); one result per event, in body order.
        /// <paramref name="Refused"/>: the problems of the items refused beside them (a partly accepted Alertmanager
        /// webhook), else empty.</summary>
        public sealed record Accepted(IReadOnlyList<IngestResult> Results, IReadOnlyList<string> Refused) : Outcome;

        /// <summary>The body is invalid: every problem; nothing was processed.</summary>
        public sealed record Invalid(IReadOnlyList<string> Problems) : Outcome;

        /// <summary>Events of tenants outside the caller's: one problem per event; nothing was processed.</summary>
        public sealed record OutOfScope(ApiCaller Caller, IReadOnlyList<string> Problems) : Outcome;

        /// <summary>The alert store did not confirm in time; retrying the same body is safe (event ids are
        /// deduplicated).</summary>
        public sealed record NotConfirmed : Outcome;
    }

    /// <param name="source">The input, as counted and traced (<see cref="EventSources"/>).</param>
    public async Task<Outcome> IngestAsync(
        ReadOnlyMemory<byte> body,
        Parser parse,
        string source,
        ApiCaller? caller,
        CancellationToken cancellationToken
    )
    {
        var parsed = parse(body.Span, time.GetUtcNow());
        if (!parsed.IsValid && !parsed.IsPartial)
        {
            metrics?.EventsIn(source, EventOutcomes.Invalid);
            return new Outcome.Invalid(parsed.Problems);
        }
        if (TenantScope.EventsOutOfScope(caller, parsed.Events) is { Count: > 0 } outOfScope)
            return new Outcome.OutOfScope(caller!, outOfScope);
        IngestResult[] results;
        try
        {
            // All at once: each dedup key's occurrences go to its alert in one request, in body order; different keys
            // concurrently.
            results = await Task.WhenAll(
                ingestor.IngestAllAsync(parsed.Events, source, new string?[parsed.Events.Count], cancellationToken)
            );
        }
        catch (Exception ex) when (ex is TimeoutException or Akka.Actor.AskTimeoutException)
        {
            return new Outcome.NotConfirmed();
        }
        metrics?.EventsIn(source, EventOutcomes.Accepted, parsed.Events.Count);
        if (parsed.IsPartial)
        {
            metrics?.EventsIn(source, EventOutcomes.Invalid, parsed.Refused);
            logger.LogWarning(
                "{Source}: {Refused} item(s) refused, the other {Accepted} recorded: {Problems}",
                source,
                parsed.Refused,
                parsed.Events.Count,
                string.Join("; ", parsed.Problems)
            );
        }
        return new Outcome.Accepted(results, parsed.IsPartial ? parsed.Problems : []);
    }
}
