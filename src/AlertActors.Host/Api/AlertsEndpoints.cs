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
    public sealed record ChangeRequest(string? By, string? Note);

    public static IEndpointRouteBuilder MapAlertsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/alerts", List);
        app.MapGet("/api/v1/alerts/{dedupKey}", (string dedupKey, HttpContext context, AlertQueries alerts, CancellationToken ct) =>
            DedupKeyRoute.Read(context, dedupKey) is { } key
                ? alerts.AskAsync(new AlertCommands.GetAlert(key), TenantScope.TokenOf(context), ct)
                : Task.FromResult(DedupKeyRoute.Unreadable()));
        app.MapPost("/api/v1/alerts/{dedupKey}/acknowledge", (string dedupKey, ChangeRequest? body, HttpContext context, AlertQueries alerts, CancellationToken ct) =>
            Change(context, dedupKey, key => new AlertCommands.Acknowledge(key, By(body), body?.Note), alerts, ct));
        app.MapPost("/api/v1/alerts/{dedupKey}/resolve", (string dedupKey, ChangeRequest? body, HttpContext context, AlertQueries alerts, CancellationToken ct) =>
            Change(context, dedupKey, key => new AlertCommands.Resolve(key, By(body), body?.Note), alerts, ct));
        return app;
    }

    /// <summary>POST <c>/api/v1/alerts/{dedupKey}/&lt;change&gt;</c>: the key is the segment before the last.</summary>
    private static Task<IResult> Change(HttpContext context, string routeValue, Func<string, IAlertCommand> command, AlertQueries alerts, CancellationToken ct) =>
        DedupKeyRoute.Read(context, routeValue, segmentsAfter: 1) is { } key
            ? alerts.AskAsync(command(key), TenantScope.TokenOf(context), ct)
            : Task.FromResult(DedupKeyRoute.Unreadable());

    private static async Task<IResult> List(HttpContext context, AlertReadStore store, AlertQueries alerts, string? status, string? tenant, int? limit, int? offset,
        CancellationToken ct)
    {
        var token = TenantScope.TokenOf(context);
        if (tenant is { Length: > 0 } && token is not null && !token.Allows(tenant))
            return TenantScope.Forbidden(token, $"it may not list tenant \"{tenant}\"");
        AlertStatus? wanted = null;
        if (status is { Length: > 0 })
        {
            if (!Enum.TryParse<AlertStatus>(status, ignoreCase: true, out var parsed) || parsed == AlertStatus.None)
                return ApiJson.Error(StatusCodes.Status400BadRequest, $"status \"{status}\" is not one of pending, firing, acknowledged, resolved");
            wanted = parsed;
        }
        if (!Paging.TryRead(limit, offset, out var paging, out var error)) return error!;
        var page = await store.ListAsync(wanted, tenant is { Length: > 0 } ? tenant : null, TenantScope.TenantsOf(context), paging.Offset, paging.Limit, ct);
        return Results.Json(new
        {
            alerts = page.Alerts.Select(a => AlertJson.Brief(a, alerts.IsSilenced(a))), offset = paging.Offset, limit = paging.Limit, total = page.Total,
        }, ApiJson.Options);
    }

    private static string By(ChangeRequest? body) => body?.By is { Length: > 0 } by ? by : "api";

    /// <summary>Asks alert entities through the shard region and shapes their answers as HTTP results.</summary>
    public sealed class AlertQueries(IRequiredActor<AlertRegion> region, ISilenceLookup silences, TimeProvider time)
    {
        public bool IsSilenced(AlertState alert) => silences.ActiveFor(alert, time.GetUtcNow()) is not null;

        public Task<IResult> AskAsync(IAlertCommand command, CancellationToken cancellationToken) => AskAsync(command, null, cancellationToken);

        /// <summary>
        /// As <see cref="AskAsync(IAlertCommand, CancellationToken)"/>, for a caller authorised by <paramref name="token"/>: with a tenant-scoped
        /// token, an alert of another tenant answers 404 exactly as a missing one does (so the token cannot tell which keys exist in other
        /// tenants), and a change is only sent after the alert's tenant was checked.
        /// </summary>
        public async Task<IResult> AskAsync(IAlertCommand command, ApiToken? token, CancellationToken cancellationToken)
        {
            var shards = await region.GetAsync(cancellationToken);
            try
            {
                if (token is { IsScoped: true } && command is not AlertCommands.GetAlert)
                {
                    // The tenant of an alert comes with its occurrences; check it before the change is made.
                    var current = await shards.Ask<object>(new AlertCommands.GetAlert(command.DedupKey), AlertActorsAkka.AskTimeout, cancellationToken);
                    if (current is AlertReplies.AlertView existing && !token.Allows(existing.State.Tenant)) return NotFound(command.DedupKey);
                    if (current is not AlertReplies.AlertView) return Shape(current, token);
                }
                return Shape(await shards.Ask<object>(command, AlertActorsAkka.AskTimeout, cancellationToken), token);
            }
            catch (AskTimeoutException)
            {
                return ApiJson.Error(StatusCodes.Status503ServiceUnavailable, "the alert did not answer in time; retry");
            }
        }

        private static IResult NotFound(string dedupKey) => ApiJson.Error(StatusCodes.Status404NotFound, $"no alert with dedup key {dedupKey}");

        private IResult Shape(object reply, ApiToken? token)
        {
            if (reply is AlertReplies.AlertView scoped && token is not null && !token.Allows(scoped.State.Tenant)) return NotFound(scoped.State.DedupKey);
            return reply switch
            {
                AlertReplies.AlertView view => Results.Json(AlertJson.Full(view.State, IsSilenced(view.State)), ApiJson.Options),
                AlertReplies.Rejected { Reason: RejectionReason.NotFound } r => ApiJson.Error(StatusCodes.Status404NotFound, r.Message),
                AlertReplies.Rejected r => ApiJson.Error(StatusCodes.Status409Conflict, r.Message),
                var other => ApiJson.Error(StatusCodes.Status500InternalServerError, $"unexpected reply {other.GetType().Name}"),
            };
        }
    }
}
