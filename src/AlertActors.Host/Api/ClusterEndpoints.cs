using AlertActors.Host.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET /api/v1/cluster</c>: this node's view of the cluster (<see cref="ClusterOverview"/>). <c>POST
/// /api/v1/cluster/leave</c>, <c>/down</c> with <c>{"address":"akka.tcp://alertactors@host:port"}</c> (admin):
/// <see cref="ClusterMembership"/>; leave without an address (no body, or no <c>address</c>) is the node answering. The
/// whole group needs a token without tenants (<see cref="ApiAuthorization.ClusterWide"/>).
/// </summary>
public static class ClusterEndpoints
{
    /// <summary>The body of leave and down.</summary>
    public sealed record AddressRequest(string? Address);

    /// <summary>The 202 answer: the address acted on and <c>leave</c> or <c>down</c>.</summary>
    public sealed record MembershipChangeJson(string Address, string Action);

    /// <summary>Maps <c>/cluster</c> on the <c>/api/v1</c> group.</summary>
    public static RouteGroupBuilder MapClusterEndpoints(this RouteGroupBuilder api)
    {
        var cluster = api.MapGroup("/cluster").WithTags("cluster").RequireAuthorization(ApiAuthorization.ClusterWide);
        cluster.MapGet(
            "",
            async Task<Ok<ClusterJson>> (ClusterOverview overview, CancellationToken ct) =>
                TypedResults.Ok(await overview.ShowAsync(ct))
        );
        cluster
            .MapPost(
                "/leave",
                (AddressRequest? body, ClusterMembership membership) =>
                    Apply(ClusterMembership.MembershipChange.Leave, body, membership)
            )
            .RequireAuthorization(ApiAuthorization.Admin);
        cluster
            .MapPost(
                "/down",
                (AddressRequest? body, ClusterMembership membership) =>
                    Apply(ClusterMembership.MembershipChange.Down, body, membership)
            )
            .RequireAuthorization(ApiAuthorization.Admin);
        return api;
    }

    private static Results<Accepted<MembershipChangeJson>, BadRequestProblem> Apply(
        ClusterMembership.MembershipChange change,
        AddressRequest? body,
        ClusterMembership membership
    ) =>
        membership.Apply(change, body?.Address) switch
        {
            { Address: { } address } => TypedResults.Accepted(
                (string?)null,
                new MembershipChangeJson(address, change.ToString().ToLowerInvariant())
            ),
            var refused => new BadRequestProblem(refused.Refusal!),
        };
}
