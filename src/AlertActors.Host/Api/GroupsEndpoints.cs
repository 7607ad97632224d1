using System.Security.Claims;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Groups;
using AlertActors.Host.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET /api/v1/groups</c> (groups with open members), <c>GET /api/v1/groups/{key}</c> (the key percent-encoded as
/// one segment, as dedup keys are: <see cref="DedupKeyRoute"/>) and <c>POST /api/v1/groups/{key}/acknowledge</c>
/// (acknowledges the group and each member), through the group's entity (<see cref="GroupEntityClient"/>).
/// </summary>
public static class GroupsEndpoints
{
    public sealed record GroupListJson(IReadOnlyList<GroupJson> Groups);

    /// <summary>Maps <c>/groups</c> on the <c>/api/v1</c> group: reads for viewers, acknowledge for
    /// operators.</summary>
    public static RouteGroupBuilder MapGroupsEndpoints(this RouteGroupBuilder api)
    {
        var groups = api.MapGroup("/groups").WithTags("groups");
        groups.MapGet(
            "",
            async (ClaimsPrincipal user, GroupEntityClient entities, CancellationToken ct) =>
                TypedResults.Ok(
                    new GroupListJson([
                        .. (await entities.ListOpenAsync(ApiCaller.Of(user), ct)).Select(GroupJson.Brief),
                    ])
                )
        );
        groups.MapGet(
            "/{key}",
            (string key, HttpContext context, ClaimsPrincipal user, GroupEntityClient entities, CancellationToken ct) =>
                SendAsync(key, 0, k => new GroupCommands.GetGroup(k), context, user, entities, ct)
        );
        groups
            .MapPost(
                "/{key}/acknowledge",
                (
                    string key,
                    AlertsEndpoints.ChangeRequest? body,
                    HttpContext context,
                    ClaimsPrincipal user,
                    GroupEntityClient entities,
                    CancellationToken ct
                ) =>
                    SendAsync(
                        key,
                        1,
                        k => new GroupCommands.Acknowledge(k, body?.By is { Length: > 0 } by ? by : "api", body?.Note),
                        context,
                        user,
                        entities,
                        ct
                    )
            )
            .RequireAuthorization(ApiAuthorization.Operator);
        return api;
    }

    /// <summary>200 with the group, 404 unknown (or with a member of a tenant the caller may not see), 409 refused,
    /// 503 not answered in time.</summary>
    private static async Task<
        Results<Ok<GroupJson>, BadRequestProblem, NotFoundProblem, ConflictProblem, UnavailableProblem>
    > SendAsync(
        string routeValue,
        int segmentsAfter,
        Func<string, IGroupCommand> command,
        HttpContext context,
        ClaimsPrincipal user,
        GroupEntityClient entities,
        CancellationToken ct
    )
    {
        if (DedupKeyRoute.Read(context, routeValue, segmentsAfter) is not { } key)
            return DedupKeyRoute.Unreadable();
        var answer = await entities.AskAsync(command(key), ApiCaller.Of(user), ct);
        return answer switch
        {
            { State: { } state } => TypedResults.Ok(GroupJson.Full(state)),
            { Refusal.Reason: RejectionReason.NotFound } => new NotFoundProblem(answer.Refusal.Message),
            { Refusal: { } refusal } => new ConflictProblem(refusal.Message),
            _ => new UnavailableProblem("the group did not answer in time; retry"),
        };
    }
}
