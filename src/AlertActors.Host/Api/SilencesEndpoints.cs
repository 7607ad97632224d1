using System.Security.Claims;
using Akka.Actor;
using AlertActors.Domain.Silences;
using AlertActors.Host.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET/POST /api/v1/silences</c>, <c>GET/DELETE /api/v1/silences/{id}</c>: matcher-based, time-bounded silences
/// (Alertmanager's model), stored by the cluster's silence registry, as the caller may see them
/// (<see cref="CallerSilences"/>).
/// </summary>
public static class SilencesEndpoints
{
    /// <summary>The silence list.</summary>
    public sealed record SilenceListJson(IReadOnlyList<SilenceJson> Silences);

    /// <summary>Maps <c>/silences</c> on the <c>/api/v1</c> group: reads for viewers, create and expire for
    /// operators.</summary>
    public static RouteGroupBuilder MapSilencesEndpoints(this RouteGroupBuilder api)
    {
        // The registry's ask timeout, whichever call it ends: 503 (retrying is safe).
        var silences = api.MapGroup("/silences")
            .WithTags("silences")
            .AddEndpointFilter(RegistryTimeoutFilter.For("silence registry"))
            .WithMetadata(ApiProblem.Answers(StatusCodes.Status503ServiceUnavailable));
        silences.MapGet("", ListAsync);
        silences.MapPost("", CreateAsync).RequireAuthorization(ApiAuthorization.Operator);
        silences.MapGet("/{id}", GetAsync);
        silences.MapDelete("/{id}", ExpireAsync).RequireAuthorization(ApiAuthorization.Operator);
        return api;
    }

    private static async Task<Results<Ok<SilenceListJson>, BadRequestProblem>> ListAsync(
        string? status,
        ClaimsPrincipal user,
        CallerSilences silences,
        CancellationToken ct
    )
    {
        SilenceStatus? wanted = null;
        if (status is { Length: > 0 })
        {
            if (!SilenceStatusNames.TryParse(status, out var parsed))
                return new BadRequestProblem(
                    $"status \"{status}\" is not one of {string.Join(", ", SilenceStatusNames.All)}"
                );
            wanted = parsed;
        }
        return TypedResults.Ok(new SilenceListJson(await silences.ListAsync(wanted, ApiCaller.Of(user), ct)));
    }

    /// <summary>Another tenant's silence is answered as a missing one: a scoped token learns nothing about
    /// it.</summary>
    private static async Task<Results<Ok<SilenceJson>, NotFoundProblem>> GetAsync(
        string id,
        ClaimsPrincipal user,
        CallerSilences silences,
        CancellationToken ct
    ) => await silences.FindAsync(id, ApiCaller.Of(user), ct) is { } silence ? TypedResults.Ok(silence) : NotFound(id);

    private static async Task<
        Results<Created<SilenceJson>, BadRequestProblem, ForbiddenProblem, ConflictProblem, InternalErrorProblem>
    > CreateAsync(HttpRequest request, ClaimsPrincipal user, CallerSilences silences, CancellationToken ct)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        return await silences.CreateAsync(body.GetBuffer().AsMemory(0, (int)body.Length), ApiCaller.Of(user), ct) switch
        {
            CallerSilences.Creation.Created created => TypedResults.Created((string?)null, created.Silence),
            CallerSilences.Creation.Invalid invalid => new BadRequestProblem(
                "invalid silence; nothing was stored",
                invalid.Problems
            ),
            CallerSilences.Creation.OutOfScope foreign => new ForbiddenProblem(
                foreign.Caller.LimitedTo(
                    "a silence it creates needs a matcher tenant=\"<one of them>\" and no tenant=\"...\" matcher naming another tenant; nothing was stored"
                )
            ),
            CallerSilences.Creation.Refused refused => new ConflictProblem(refused.Reason),
            CallerSilences.Creation.Unexpected unexpected => new InternalErrorProblem(
                $"unexpected reply {unexpected.ReplyType}"
            ),
            _ => throw new InvalidOperationException("unknown silence creation outcome"),
        };
    }

    private static async Task<Results<Ok<SilenceJson>, NotFoundProblem>> ExpireAsync(
        string id,
        ClaimsPrincipal user,
        CallerSilences silences,
        CancellationToken ct
    ) =>
        await silences.ExpireAsync(id, ApiCaller.Of(user), ct) is { } expired ? TypedResults.Ok(expired) : NotFound(id);

    private static NotFoundProblem NotFound(string id) => new($"no silence with id {id}");
}
