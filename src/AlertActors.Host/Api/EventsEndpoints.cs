using AlertActors.Actors.Ingest;
using AlertActors.Domain.Events;

namespace AlertActors.Host.Api;

public static class EventsEndpoints
{
    private const long MaxBodyBytes = InfraEventParser.MaxBatchSize * (long)InfraEventParser.MaxEventBytes;

    public static IEndpointRouteBuilder MapEventsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/events", (HttpRequest request, EventIngestor ingestor, TimeProvider time, CancellationToken ct) =>
            PostAsync(request, InfraEventParser.ParseBatch, ingestor, time, ct));
        app.MapPost("/api/v1/alertmanager", (HttpRequest request, EventIngestor ingestor, TimeProvider time, CancellationToken ct) =>
            PostAsync(request, AlertmanagerWebhook.Parse, ingestor, time, ct));
        return app;
    }

    private delegate ParsedEvents Parser(ReadOnlySpan<byte> utf8Json, DateTimeOffset receivedAt);

    /// <summary>
    /// CloudEvents or an Alertmanager webhook: validates the whole body first (nothing is processed if any item is invalid), then answers 202
    /// only after every resulting alert has durably recorded its occurrence.
    /// </summary>
    private static async Task<IResult> PostAsync(HttpRequest request, Parser parse, EventIngestor ingestor, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
            return ApiJson.Error(StatusCodes.Status413PayloadTooLarge, $"body is larger than {MaxBodyBytes} bytes");
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var parsed = parse(body.GetBuffer().AsSpan(0, (int)body.Length), time.GetUtcNow());
        if (!parsed.IsValid)
            return ApiJson.Error(StatusCodes.Status400BadRequest, "invalid event(s); nothing was processed", parsed.Problems);

        var alerts = 0;
        try
        {
            // In order: occurrences of one dedup key reach its alert in the order they were sent.
            foreach (var evt in parsed.Events) alerts += await ingestor.IngestAsync(evt, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or Akka.Actor.AskTimeoutException)
        {
            return ApiJson.Error(StatusCodes.Status503ServiceUnavailable,
                "the alert store did not confirm in time; retry the same request (event ids make it safe)");
        }
        return Results.Json(new { accepted = parsed.Events.Count, alerts }, ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }
}
