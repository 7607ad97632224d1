using Akka.Actor;
using AlertActors.Actors.Silences;
using AlertActors.Domain.Silences;

namespace AlertActors.Host.Api;

/// <summary>
/// <c>GET/POST /api/v1/silences</c>, <c>GET/DELETE /api/v1/silences/{id}</c>: matcher-based, time-bounded
/// silences (Alertmanager's model), stored by the cluster's silence registry.
/// </summary>
public static class SilencesEndpoints
{
    public static IEndpointRouteBuilder MapSilencesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/silences", List);
        app.MapPost("/api/v1/silences", Create);
        app.MapGet("/api/v1/silences/{id}", Get);
        app.MapDelete("/api/v1/silences/{id}", Expire);
        return app;
    }

    private static async Task<IResult> List(string? status, HttpContext context, SilenceRegistryClient registry, TimeProvider time, CancellationToken ct)
    {
        SilenceStatus? wanted = null;
        if (status is { Length: > 0 })
        {
            if (!SilenceStatusNames.TryParse(status, out var parsed))
                return ApiJson.Error(StatusCodes.Status400BadRequest, $"status \"{status}\" is not one of {string.Join(", ", SilenceStatusNames.All)}");
            wanted = parsed;
        }
        return await Guarded(async () =>
        {
            var now = time.GetUtcNow();
            var set = await registry.ListAsync(ct);
            var token = TenantScope.TokenOf(context);
            return Results.Json(new
            {
                silences = set.Ordered(now, wanted).Where(s => TenantScope.Allows(token, s)).Select(s => SilenceJson.From(s, now)),
            }, ApiJson.Options);
        });
    }

    private static async Task<IResult> Get(string id, HttpContext context, SilenceRegistryClient registry, TimeProvider time, CancellationToken ct) =>
        await Guarded(async () =>
        {
            var set = await registry.ListAsync(ct);
            var token = TenantScope.TokenOf(context);
            // Another tenant's silence is answered as a missing one: a scoped token learns nothing about it.
            return set.Find(id) is { } silence && TenantScope.Allows(token, silence)
                ? Results.Json(SilenceJson.From(silence, time.GetUtcNow()), ApiJson.Options)
                : NotFound(id);
        });

    private static async Task<IResult> Create(HttpRequest request, HttpContext context, SilenceRegistryClient registry, TimeProvider time, CancellationToken ct)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);

        var now = time.GetUtcNow();
        var problems = new List<string>();
        var silenceRequest = SilenceRequest.FromJson(body.GetBuffer().AsSpan(0, (int)body.Length), problems);
        var validation = silenceRequest?.Validate(now, Guid.NewGuid().ToString());
        problems.AddRange(validation?.Problems ?? []);
        if (problems.Count > 0 || validation?.Silence is null)
            return ApiJson.Error(StatusCodes.Status400BadRequest, "invalid silence; nothing was stored", problems);
        var token = TenantScope.TokenOf(context);
        if (!TenantScope.Allows(token, validation.Silence))
            return TenantScope.Forbidden(token!,
                "a silence it creates needs a matcher tenant=\"<one of them>\" and no tenant=\"...\" matcher naming another tenant; nothing was stored");

        return await Guarded(async () => await registry.CreateAsync(validation.Silence, ct) switch
        {
            SilenceReplies.Created created => Results.Json(SilenceJson.From(created.Silence, now), ApiJson.Options,
                statusCode: StatusCodes.Status201Created),
            SilenceReplies.Rejected rejected => ApiJson.Error(StatusCodes.Status409Conflict, rejected.Reason),
            var other => ApiJson.Error(StatusCodes.Status500InternalServerError, $"unexpected reply {other.GetType().Name}"),
        });
    }

    private static async Task<IResult> Expire(string id, HttpContext context, SilenceRegistryClient registry, TimeProvider time, CancellationToken ct) =>
        await Guarded(async () =>
        {
            var token = TenantScope.TokenOf(context);
            if (token is { IsScoped: true } && (await registry.ListAsync(ct)).Find(id) is { } existing && !TenantScope.Allows(token, existing))
                return NotFound(id);
            return await ExpireAsync(id, registry, time, ct);
        });

    private static async Task<IResult> ExpireAsync(string id, SilenceRegistryClient registry, TimeProvider time, CancellationToken ct) =>
        await registry.ExpireAsync(id, ct) switch
        {
            // The registry's clock ended it; never show it as active because this node's clock lags a little.
            SilenceReplies.Expired expired => Results.Json(
                SilenceJson.From(expired.Silence, Later(time.GetUtcNow(), expired.Silence.EndsAt)), ApiJson.Options),
            SilenceReplies.NotFound => NotFound(id),
            var other => ApiJson.Error(StatusCodes.Status500InternalServerError, $"unexpected reply {other.GetType().Name}"),
        };

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static IResult NotFound(string id) => ApiJson.Error(StatusCodes.Status404NotFound, $"no silence with id {id}");

    private static async Task<IResult> Guarded(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (AskTimeoutException)
        {
            return ApiJson.Error(StatusCodes.Status503ServiceUnavailable, "the silence registry did not answer in time; retry");
        }
    }
}

/// <summary>A silence as the HTTP API shows it; snake_case on the wire.</summary>
public sealed record SilenceJson(
    string Id,
    string Status,
    IReadOnlyList<SilenceMatcherJson> Matchers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment)
{
    public static SilenceJson From(Silence silence, DateTimeOffset now) => new(
        silence.Id,
        silence.StatusAt(now).ToName(),
        silence.Matchers.Select(m => new SilenceMatcherJson(m.Name, m.Value, m.IsRegex, m.IsEqual)).ToList(),
        silence.StartsAt,
        silence.EndsAt,
        silence.CreatedBy,
        silence.Comment);
}

public sealed record SilenceMatcherJson(string Name, string Value, bool IsRegex, bool IsEqual);
