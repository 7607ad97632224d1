using System.Security.Claims;
using Akka.Actor;
using AlertActors.Host.Application;
using Microsoft.AspNetCore.Http.HttpResults;
using ChangeResults = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<AlertActors.Host.Api.RuleJson>,
    Microsoft.AspNetCore.Http.HttpResults.Created<AlertActors.Host.Api.RuleJson>,
    AlertActors.Host.Api.BadRequestProblem,
    AlertActors.Host.Api.ForbiddenProblem,
    AlertActors.Host.Api.NotFoundProblem,
    AlertActors.Host.Api.ConflictProblem
>;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET/POST /api/v1/rules</c>, <c>GET/PUT/DELETE /api/v1/rules/{name}</c> and <c>POST /api/v1/rules/test</c>
/// (README "Rules through the API"): the rules in force, configuration rules read-only, API rules stored by the
/// cluster's rule registry, as the caller may see them (<see cref="CallerRules"/>). A rule body is the HOCON rule's
/// keys as JSON; an invalid one is answered 400 with every problem, in <c>check-config</c>'s words.
/// </summary>
public static class RulesEndpoints
{
    /// <summary>Maps <c>/rules</c> on the <c>/api/v1</c> group: reads and the dry run for viewers, changes for
    /// operators.</summary>
    public static RouteGroupBuilder MapRulesEndpoints(this RouteGroupBuilder api)
    {
        var rules = api.MapGroup("/rules")
            .WithTags("rules")
            .AddEndpointFilter(RegistryTimeoutFilter.For("rule registry"))
            .WithMetadata(ApiProblem.Answers(StatusCodes.Status503ServiceUnavailable));
        rules.MapGet("", ListAsync);
        rules.MapPost("", CreateAsync).RequireAuthorization(ApiAuthorization.Operator);
        rules.MapPost("/test", TestAsync);
        rules.MapGet("/{name}", GetAsync);
        rules.MapPut("/{name}", PutAsync).RequireAuthorization(ApiAuthorization.Operator);
        rules.MapDelete("/{name}", DeleteAsync).RequireAuthorization(ApiAuthorization.Operator);
        return api;
    }

    private static async Task<Ok<RuleListJson>> ListAsync(
        ClaimsPrincipal user,
        CallerRules rules,
        CancellationToken ct
    ) => TypedResults.Ok(await rules.ListAsync(ApiCaller.Of(user), ct));

    /// <summary>A rule outside the caller's tenants is answered as a missing one.</summary>
    private static async Task<Results<Ok<RuleJson>, NotFoundProblem>> GetAsync(
        string name,
        ClaimsPrincipal user,
        CallerRules rules,
        CancellationToken ct
    ) => await rules.FindAsync(name, ApiCaller.Of(user), ct) is { } rule ? TypedResults.Ok(rule) : NotFound(name);

    /// <summary>Creates a rule named by its body's <c>name</c> (201); 409 if the name is taken.</summary>
    private static async Task<ChangeResults> CreateAsync(
        HttpRequest request,
        string? by,
        ClaimsPrincipal user,
        CallerRules rules,
        CancellationToken ct
    ) => Answer(await rules.StoreAsync(null, await BodyOf(request, ct), createOnly: true, ApiCaller.Of(user), by, ct));

    /// <summary>Creates (201) or replaces (200) the rule <paramref name="name"/>.</summary>
    private static async Task<ChangeResults> PutAsync(
        string name,
        HttpRequest request,
        string? by,
        ClaimsPrincipal user,
        CallerRules rules,
        CancellationToken ct
    ) =>
        Answer(
            await rules.StoreAsync(name, await BodyOf(request, ct), createOnly: false, ApiCaller.Of(user), by, ct),
            name
        );

    /// <summary>Deletes an API rule: 200 with the rule as it was (its <c>revision</c> is the deletion's).</summary>
    private static async Task<Results<Ok<RuleJson>, NotFoundProblem, ConflictProblem>> DeleteAsync(
        string name,
        string? by,
        ClaimsPrincipal user,
        CallerRules rules,
        CancellationToken ct
    ) =>
        await rules.DeleteAsync(name, ApiCaller.Of(user), by, ct) switch
        {
            CallerRules.Change.Done done => TypedResults.Ok(done.Rule),
            CallerRules.Change.ConfigRule config => ReadOnly(config.Name, "delete it there"),
            _ => NotFound(name),
        };

    private static async Task<Results<Ok<RuleTestJson>, BadRequestProblem, ForbiddenProblem>> TestAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        RuleDryRun dryRun,
        CancellationToken ct
    ) =>
        dryRun.Test(await BodyOf(request, ct), ApiCaller.Of(user)) switch
        {
            RuleDryRun.Outcome.Tested tested => TypedResults.Ok(tested.Answer),
            RuleDryRun.Outcome.OutOfScope foreign => new ForbiddenProblem(
                foreign.Caller.LimitedTo("events of other tenants cannot be tested; nothing was tested"),
                foreign.Problems
            ),
            RuleDryRun.Outcome.Invalid invalid => new BadRequestProblem(
                "invalid rules test; nothing was tested",
                invalid.Problems
            ),
            _ => throw new InvalidOperationException("unknown rules test outcome"),
        };

    private static ChangeResults Answer(CallerRules.Change change, string? name = null) =>
        change switch
        {
            CallerRules.Change.Done { Created: true } done => TypedResults.Created(
                $"{NodeEndpoints.ApiV1}/rules/{Uri.EscapeDataString(done.Rule.Name)}",
                done.Rule
            ),
            CallerRules.Change.Done done => TypedResults.Ok(done.Rule),
            CallerRules.Change.Invalid invalid => new BadRequestProblem(
                "invalid rule; nothing was stored",
                invalid.Problems
            ),
            CallerRules.Change.OutOfScope foreign => new ForbiddenProblem(
                foreign.Caller.LimitedTo(
                    "a rule it stores needs a condition { field = tenant, op = eq, value = <one of them> } (or op = in) under match.all and none naming another tenant; nothing was stored"
                )
            ),
            CallerRules.Change.ConfigRule config => ReadOnly(
                config.Name,
                "change it there, or store a rule under another name"
            ),
            CallerRules.Change.Conflict conflict => new ConflictProblem(conflict.Reason),
            CallerRules.Change.NotFound notFound => NotFound(name ?? notFound.Name),
            _ => throw new InvalidOperationException("unknown rule change outcome"),
        };

    /// <param name="instead">What the caller can do instead (delete it there; change it there, or ...).</param>
    private static ConflictProblem ReadOnly(string name, string instead) =>
        new(
            $"rule {name} comes from the configuration file (alertactors.rules) and is read-only through the API; {instead}"
        );

    private static NotFoundProblem NotFound(string name) => new($"no rule named {name}");

    private static async Task<ReadOnlyMemory<byte>> BodyOf(HttpRequest request, CancellationToken ct)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        return body.ToArray();
    }
}
