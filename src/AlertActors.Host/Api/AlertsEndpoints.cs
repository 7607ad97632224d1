using System.Security.Claims;
using AlertActors.Domain.Alerts;
using AlertActors.Host.Application;
using AlertActors.Projection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET /api/v1/alerts</c> (the persisted alert list, a page at a time), <c>GET /api/v1/alerts/{dedupKey}</c> and
/// <c>POST /api/v1/alerts/{dedupKey}/acknowledge</c>, <c>/resolve</c> (through the alert's entity,
/// <see cref="AlertEntityClient"/>).
/// </summary>
public static class AlertsEndpoints
{
    /// <summary>The body of acknowledge and resolve (both optional): who, and why.</summary>
    public sealed record ChangeRequest(string? By, string? Note);

    /// <summary>One page of the alert list.</summary>
    public sealed record AlertPageJson(IEnumerable<AlertJson> Alerts, int Offset, int Limit, long Total);

    /// <summary>What every request on one alert binds besides its key and body: the request, its caller and the
    /// services it calls.</summary>
    public sealed record AlertRequest(
        HttpContext Context,
        ClaimsPrincipal User,
        AlertEntityClient Entities,
        AlertViews Views,
        CancellationToken Aborted
    );

    /// <summary>Maps <c>/alerts</c> on the <c>/api/v1</c> group: reads for viewers, changes for operators.</summary>
    public static RouteGroupBuilder MapAlertsEndpoints(this RouteGroupBuilder api)
    {
        var alerts = api.MapGroup("/alerts").WithTags("alerts");
        alerts.MapGet("", ListAsync);
        alerts.MapGet("/{dedupKey}", GetAsync);
        alerts
            .MapPost(
                "/{dedupKey}/acknowledge",
                (string dedupKey, ChangeRequest? body, [AsParameters] AlertRequest request) =>
                    ChangeAsync(dedupKey, key => new AlertCommands.Acknowledge(key, By(body), body?.Note), request)
            )
            .RequireAuthorization(ApiAuthorization.Operator);
        alerts
            .MapPost(
                "/{dedupKey}/resolve",
                (string dedupKey, ChangeRequest? body, [AsParameters] AlertRequest request) =>
                    ChangeAsync(dedupKey, key => new AlertCommands.Resolve(key, By(body), body?.Note), request)
            )
            .RequireAuthorization(ApiAuthorization.Operator);
        return api;
    }

    private static async Task<Results<Ok<AlertPageJson>, BadRequestProblem, ForbiddenProblem>> ListAsync(
        ClaimsPrincipal user,
        AlertReadStore store,
        AlertViews views,
        string? status,
        string? tenant,
        int? limit,
        int? offset,
        CancellationToken ct
    )
    {
        var caller = ApiCaller.Of(user);
        if (tenant is { Length: > 0 } && caller is not null && !caller.Allows(tenant))
            return new ForbiddenProblem(caller.LimitedTo($"it may not list tenant \"{tenant}\""));
        AlertStatus? wanted = null;
        if (status is { Length: > 0 })
        {
            if (!Enum.TryParse<AlertStatus>(status, ignoreCase: true, out var parsed) || parsed == AlertStatus.None)
                return new BadRequestProblem(
                    $"status \"{status}\" is not one of pending, firing, acknowledged, resolved"
                );
            wanted = parsed;
        }
        if (!Paging.TryRead(limit, offset, out var paging, out var error))
            return error;
        var page = await store.ListAsync(
            wanted,
            tenant is { Length: > 0 } ? tenant : null,
            TenantScope.TenantsOf(caller),
            paging.Offset,
            paging.Limit,
            ct
        );
        return TypedResults.Ok(
            new AlertPageJson(page.Alerts.Select(views.Brief), paging.Offset, paging.Limit, page.Total)
        );
    }

    /// <summary>A read: the alert, 404 unknown (or of another tenant), 503 not answered in time; it never
    /// conflicts.</summary>
    private static async Task<
        Results<Ok<AlertJson>, BadRequestProblem, NotFoundProblem, InternalErrorProblem, UnavailableProblem>
    > GetAsync(string dedupKey, [AsParameters] AlertRequest request)
    {
        if (DedupKeyRoute.Read(request.Context, dedupKey) is not { } key)
            return DedupKeyRoute.Unreadable();
        return await request.Entities.AskAsync(
            new AlertCommands.GetAlert(key),
            ApiCaller.Of(request.User),
            request.Aborted
        ) switch
        {
            AlertAnswer.Found found => TypedResults.Ok(request.Views.Full(found.State)),
            AlertAnswer.Refused { Reason: RejectionReason.NotFound } refused => new NotFoundProblem(refused.Message),
            AlertAnswer.Refused refused => new InternalErrorProblem($"a read was refused: {refused.Message}"),
            AlertAnswer.Unexpected unexpected => new InternalErrorProblem($"unexpected reply {unexpected.ReplyType}"),
            _ => new UnavailableProblem(NotAnswered),
        };
    }

    /// <summary>Sends the change for the key of <c>.../{dedupKey}/&lt;change&gt;</c> (400 when it could not be read)
    /// and maps the alert's answer.</summary>
    private static async Task<
        Results<
            Ok<AlertJson>,
            BadRequestProblem,
            NotFoundProblem,
            ConflictProblem,
            InternalErrorProblem,
            UnavailableProblem
        >
    > ChangeAsync(string dedupKey, Func<string, IAlertCommand> command, AlertRequest request) =>
        DedupKeyRoute.Read(request.Context, dedupKey, segmentsAfter: 1) is { } key
            ? ToResult(
                await request.Entities.AskAsync(command(key), ApiCaller.Of(request.User), request.Aborted),
                request.Views
            )
            : DedupKeyRoute.Unreadable();

    /// <summary>The HTTP answer for an alert's answer: 200 with the alert, 404 unknown, 409 refused, 503 not answered
    /// in time.</summary>
    public static Results<
        Ok<AlertJson>,
        BadRequestProblem,
        NotFoundProblem,
        ConflictProblem,
        InternalErrorProblem,
        UnavailableProblem
    > ToResult(AlertAnswer answer, AlertViews views) =>
        answer switch
        {
            AlertAnswer.Found found => TypedResults.Ok(views.Full(found.State)),
            AlertAnswer.Refused { Reason: RejectionReason.NotFound } refused => new NotFoundProblem(refused.Message),
            AlertAnswer.Refused refused => new ConflictProblem(refused.Message),
            AlertAnswer.Unexpected unexpected => new InternalErrorProblem($"unexpected reply {unexpected.ReplyType}"),
            _ => new UnavailableProblem(NotAnswered),
        };

    private const string NotAnswered = "the alert did not answer in time; retry";

    private static string By(ChangeRequest? body) => body?.By is { Length: > 0 } by ? by : "api";
}
