using AlertActors.Actors.Ingest;
using AlertActors.Domain.Events;

namespace AlertActors.Host.Api;

public static class EventsEndpoints
{
    private const long MaxBodyBytes = InfraEventParser.MaxBatchSize * (long)InfraEventParser.MaxEventBytes;

    public static IEndpointRouteBuilder MapEventsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/events", PostEvents);
        return app;
    }

    /// <summary>
    /// Validates the whole body first (nothing is processed if any item is invalid), then answers 202
    /// only after every resulting alert has durably recorded its occurrence.
    /// </summary>
    private static async Task<IResult> PostEvents(HttpRequest request, EventIngestor ingestor, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
            return ApiJson.Error(StatusCodes.Status413PayloadTooLarge, $"body is larger than {MaxBodyBytes} bytes");
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        var parsed = InfraEventParser.ParseBatch(body.GetBuffer().AsSpan(0, (int)body.Length), time.GetUtcNow());
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
