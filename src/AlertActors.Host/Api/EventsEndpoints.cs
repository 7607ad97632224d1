using AlertActors.Actors.Ingest;
using AlertActors.Actors.Telemetry;
using AlertActors.Domain.Events;
using Microsoft.AspNetCore.Mvc;

namespace AlertActors.Host.Api;

public static class EventsEndpoints
{
    private const long MaxBodyBytes = InfraEventParser.MaxBatchSize * (long)InfraEventParser.MaxEventBytes;

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
        if (request.ContentLength > MaxBodyBytes)
            return ApiJson.Error(StatusCodes.Status413PayloadTooLarge, $"body is larger than {MaxBodyBytes} bytes");
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

        var alerts = 0;
        try
        {
            // All at once: the ingestor keeps each key's order (calls start in body order), different keys go concurrently.
            alerts = (await Task.WhenAll(parsed.Events.Select(evt => ingestor.IngestAsync(evt, source, null, cancellationToken)))).Sum();
        }
        catch (Exception ex) when (ex is TimeoutException or Akka.Actor.AskTimeoutException)
        {
            return ApiJson.Error(StatusCodes.Status503ServiceUnavailable,
                "the alert store did not confirm in time; retry the same request (event ids make it safe)");
        }
        metrics?.EventsIn(source, EventOutcomes.Accepted, parsed.Events.Count);
        return Results.Json(new { accepted = parsed.Events.Count, alerts }, ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }
}
