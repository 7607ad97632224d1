using System.Security.Claims;
using AlertActors.Domain.Alerts;
using AlertActors.Host.Application;
using AlertActors.Projection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET /api/v1/deliveries/dead</c>: deliveries the providers refused for good or that failed past the
/// retry budget, cluster-wide, from the persisted alert list (so it can trail the alerts by a moment).
/// <c>POST /api/v1/deliveries/dead/{id}/retry</c>: requeue one in its alert's outbox, through the shard region.
/// </summary>
public static class DeadDeliveriesEndpoints
{
    /// <summary>The body of a retry (optional): who asked.</summary>
    public sealed record RetryRequest(string? By);

    /// <summary>One page of dead deliveries.</summary>
    public sealed record DeadDeliveryPageJson(
        IEnumerable<DeadDeliveryJson> Deliveries,
        int Offset,
        int Limit,
        long Total
    );

    /// <summary>Maps <c>/deliveries/dead</c> on the <c>/api/v1</c> group: the list for viewers, a retry for
    /// operators.</summary>
    public static RouteGroupBuilder MapDeadDeliveriesEndpoints(this RouteGroupBuilder api)
    {
        var dead = api.MapGroup("/deliveries/dead").WithTags("deliveries");
        dead.MapGet("", ListAsync);
        dead.MapPost("/{id}/retry", RetryAsync).RequireAuthorization(ApiAuthorization.Operator);
        return api;
    }

    private static async Task<Results<Ok<DeadDeliveryPageJson>, BadRequestProblem>> ListAsync(
        ClaimsPrincipal user,
        AlertReadStore store,
        int? limit,
        int? offset,
        CancellationToken ct
    )
    {
        if (!Paging.TryRead(limit, offset, out var paging, out var error))
            return error;
        var page = await store.ListDeadAsync(
            TenantScope.TenantsOf(ApiCaller.Of(user)),
            paging.Offset,
            paging.Limit,
            ct
        );
        return TypedResults.Ok(
            new DeadDeliveryPageJson(
                page.Deliveries.Select(DeadDeliveryJson.From),
                paging.Offset,
                paging.Limit,
                page.Total
            )
        );
    }

    private static async Task<
        Results<
            Ok<AlertJson>,
            BadRequestProblem,
            NotFoundProblem,
            ConflictProblem,
            InternalErrorProblem,
            UnavailableProblem
        >
    > RetryAsync(
        string id,
        RetryRequest? body,
        ClaimsPrincipal user,
        AlertEntityClient entities,
        AlertViews views,
        CancellationToken ct
    )
    {
        if (!DeadDeliveryId.TryDecode(id, out var dedupKey, out var number))
            return new BadRequestProblem(
                $"\"{id}\" is not a dead delivery id (take the id from GET /api/v1/deliveries/dead)"
            );
        var by = body?.By is { Length: > 0 } given ? given : "api";
        return AlertsEndpoints.ToResult(
            await entities.AskAsync(new AlertCommands.RequeueDelivery(dedupKey, number, by), ApiCaller.Of(user), ct),
            views
        );
    }
}
