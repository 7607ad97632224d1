using AlertActors.Actors.Ingest;
using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Events;
using Microsoft.AspNetCore.Mvc;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>POST /api/v1/events</c> (CloudEvents, one or an array) and <c>POST /api/v1/alertmanager</c> (Alertmanager webhook v4). The 202 answer
/// says per event what happened: <c>{"accepted":n,"alerts":m,"events":[{"id","outcome","alerts":[dedup keys],"reason"}]}</c> with outcome
/// <c>recorded</c>, <c>duplicate</c> (a redelivered id: nothing changed), <c>no_rule_matched</c> or <c>below_min_severity</c>.
/// </summary>
public static class EventsEndpoints
{
    /// <summary>One event's line of the answer.</summary>
    public sealed record EventResultJson(string Id, string Outcome, IReadOnlyList<string> Alerts, string? Reason);

    public static IEndpointRouteBuilder MapEventsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/events", (HttpRequest request, EventIngestor ingestor, TimeProvider time, [FromServices] AlertActorsMetrics? metrics, CancellationToken ct) =>
            PostAsync(request, InfraEventParser.ParseBatch, EventSources.Http, ingestor, time, metrics, ct));
        app.MapPost("/api/v1/alertmanager", (HttpRequest request, EventIngestor ingestor, TimeProvider time, [FromServices] AlertActorsMetrics? metrics, CancellationToken ct) =>
            PostAsync(request, AlertmanagerWebhook.Parse, EventSources.Alertmanager, ingestor, time, metrics, ct));
        return app;
    }

    private delegate ParsedEvents Parser(ReadOnlySpan<byte> utf8Json, DateTimeOffset receivedAt);

    /// <summary>
    /// CloudEvents or an Alertmanager webhook: validates the whole body first (nothing is processed if any item is invalid), then answers 202
    /// only after every resulting alert has durably recorded its occurrence.
    /// </summary>
    /// <remarks>Counted in <c>alertactors_events_in_total</c> as <paramref name="source"/>: every event of an answered 202 as accepted, a 400 body once as invalid.</remarks>
    private static async Task<IResult> PostAsync(HttpRequest request, Parser parse, string source, EventIngestor ingestor, TimeProvider time,
        AlertActorsMetrics? metrics, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var parsed = parse(body.GetBuffer().AsSpan(0, (int)body.Length), time.GetUtcNow());
        if (!parsed.IsValid)
        {
            metrics?.EventsIn(source, EventOutcomes.Invalid);
            return ApiJson.Error(StatusCodes.Status400BadRequest, "invalid event(s); nothing was processed", parsed.Problems);
        }
        var token = TenantScope.TokenOf(request.HttpContext);
        if (TenantScope.EventsOutOfScope(token, parsed.Events) is { Count: > 0 } outOfScope)
            return TenantScope.Forbidden(token!, "event(s) of other tenants; nothing was processed", outOfScope);

        IngestResult[] results;
        try
        {
            // All at once: each dedup key's occurrences go to its alert in one request, in body order; different keys concurrently.
            results = await Task.WhenAll(ingestor.IngestAllAsync(parsed.Events, source, new string?[parsed.Events.Count], cancellationToken));
        }
        catch (Exception ex) when (ex is TimeoutException or Akka.Actor.AskTimeoutException)
        {
            return ApiJson.Error(StatusCodes.Status503ServiceUnavailable,
                "the alert store did not confirm in time; retry the same request (event ids make it safe)");
        }
        metrics?.EventsIn(source, EventOutcomes.Accepted, parsed.Events.Count);
        return Results.Json(new
        {
            accepted = parsed.Events.Count,
            alerts = results.Sum(r => r.Alerts.Count),
            events = results.Select(r => new EventResultJson(r.EventId, r.OutcomeName, r.Alerts, r.Reason)),
        }, ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }
}
