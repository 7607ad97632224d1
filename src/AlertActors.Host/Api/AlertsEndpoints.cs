using Akka.Actor;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Actors.Hosting;
using AlertActors.Actors.Projection;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Silences;

namespace AlertActors.Host.Api;

public static class AlertsEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public sealed record ChangeRequest(string? By, string? Note);

    public static IEndpointRouteBuilder MapAlertsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/alerts", List);
        app.MapGet("/api/v1/alerts/{dedupKey}", (string dedupKey, AlertQueries alerts, CancellationToken ct) =>
            alerts.AskAsync(new AlertCommands.GetAlert(DedupKeyRoute.Decode(dedupKey)), ct));
        app.MapPost("/api/v1/alerts/{dedupKey}/acknowledge", (string dedupKey, ChangeRequest? body, AlertQueries alerts, CancellationToken ct) =>
            alerts.AskAsync(new AlertCommands.Acknowledge(DedupKeyRoute.Decode(dedupKey), By(body), body?.Note), ct));
        app.MapPost("/api/v1/alerts/{dedupKey}/resolve", (string dedupKey, ChangeRequest? body, AlertQueries alerts, CancellationToken ct) =>
            alerts.AskAsync(new AlertCommands.Resolve(DedupKeyRoute.Decode(dedupKey), By(body), body?.Note), ct));
        return app;
    }

    private static async Task<IResult> List(AlertReadStore store, AlertQueries alerts, string? status, string? tenant, int? limit, int? offset, CancellationToken ct)
    {
        AlertStatus? wanted = null;
        if (status is { Length: > 0 })
        {
            if (!Enum.TryParse<AlertStatus>(status, ignoreCase: true, out var parsed) || parsed == AlertStatus.None)
                return ApiJson.Error(StatusCodes.Status400BadRequest, $"status \"{status}\" is not one of pending, firing, acknowledged, resolved");
            wanted = parsed;
        }
        var take = Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit);
        var skip = Math.Max(offset ?? 0, 0);
        var page = await store.ListAsync(wanted, tenant is { Length: > 0 } ? tenant : null, skip, take, ct);
        return Results.Json(new { alerts = page.Alerts.Select(a => AlertJson.Brief(a, alerts.IsSilenced(a))), offset = skip, limit = take, total = page.Total }, ApiJson.Options);
    }

    private static string By(ChangeRequest? body) => body?.By is { Length: > 0 } by ? by : "api";

    /// <summary>Asks alert entities through the shard region and shapes their answers as HTTP results.</summary>
    public sealed class AlertQueries(IRequiredActor<AlertRegion> region, ISilenceLookup silences, TimeProvider time)
    {
        public bool IsSilenced(AlertState alert) => silences.ActiveFor(alert, time.GetUtcNow()) is not null;

        public async Task<IResult> AskAsync(IAlertCommand command, CancellationToken cancellationToken)
        {
            var shards = await region.GetAsync(cancellationToken);
            try
            {
                return await shards.Ask<object>(command, AlertActorsAkka.AskTimeout, cancellationToken) switch
                {
                    AlertReplies.AlertView view => Results.Json(AlertJson.Full(view.State, IsSilenced(view.State)), ApiJson.Options),
                    AlertReplies.Rejected { Reason: RejectionReason.NotFound } r => ApiJson.Error(StatusCodes.Status404NotFound, r.Message),
                    AlertReplies.Rejected r => ApiJson.Error(StatusCodes.Status409Conflict, r.Message),
                    var other => ApiJson.Error(StatusCodes.Status500InternalServerError, $"unexpected reply {other.GetType().Name}"),
                };
            }
            catch (AskTimeoutException)
            {
                return ApiJson.Error(StatusCodes.Status503ServiceUnavailable, "the alert did not answer in time; retry");
            }
        }
    }
}
