using AlertActors.Actors.Silences;
using AlertActors.Domain.Silences;
using AlertActors.Host.Api;

namespace AlertActors.Host.Application;

/// <summary>
/// The silences of the cluster's silence registry as an API caller may see, create and expire them: a tenant-scoped
/// caller only those of its tenants (<see cref="TenantScope.Allows(ApiCaller?, Silence)"/>); another tenant's silence
/// is treated exactly as a missing one. The registry's ask timeout surfaces as
/// <see cref="Akka.Actor.AskTimeoutException"/>.
/// </summary>
public sealed class CallerSilences(SilenceRegistryClient registry, TimeProvider time)
{
    /// <summary>What became of a new silence.</summary>
    public abstract record Creation
    {
        public sealed record Created(SilenceJson Silence) : Creation;

        /// <summary>The body is not a valid silence: every problem; nothing was stored.</summary>
        public sealed record Invalid(IReadOnlyList<string> Problems) : Creation;

        /// <summary>A scoped caller's silence that would silence other tenants; nothing was stored.</summary>
        public sealed record OutOfScope(ApiCaller Caller) : Creation;

        /// <summary>The registry refused it (e.g. an id in use).</summary>
        public sealed record Refused(string Reason) : Creation;

        /// <summary>A reply the node does not expect (a bug): its type name only.</summary>
        public sealed record Unexpected(string ReplyType) : Creation;
    }

    /// <summary>The caller's silences in the registry's order (active, pending, expired), those of
    /// <paramref name="status"/> only when given.</summary>
    public async Task<IReadOnlyList<SilenceJson>> ListAsync(
        SilenceStatus? status,
        ApiCaller? caller,
        CancellationToken ct
    )
    {
        var now = time.GetUtcNow();
        var set = await registry.ListAsync(ct);
        return
        [
            .. set.Ordered(now, status).Where(s => TenantScope.Allows(caller, s)).Select(s => SilenceJson.From(s, now)),
        ];
    }

    /// <summary>The silence, or null when there is none the caller may see.</summary>
    public async Task<SilenceJson?> FindAsync(string id, ApiCaller? caller, CancellationToken ct) =>
        (await registry.ListAsync(ct)).Find(id) is { } silence && TenantScope.Allows(caller, silence)
            ? SilenceJson.From(silence, time.GetUtcNow())
            : null;

    /// <summary>Validates a silence request (JSON, docs/http-api.md) and stores it with a new id.</summary>
    public async Task<Creation> CreateAsync(ReadOnlyMemory<byte> json, ApiCaller? caller, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var problems = new List<string>();
        var request = SilenceRequest.FromJson(json.Span, problems);
        var validation = request?.Validate(now, Guid.NewGuid().ToString());
        problems.AddRange(validation?.Problems ?? []);
        if (problems.Count > 0 || validation?.Silence is null)
            return new Creation.Invalid(problems);
        if (!TenantScope.Allows(caller, validation.Silence))
            return new Creation.OutOfScope(caller!);
        return await registry.CreateAsync(validation.Silence, ct) switch
        {
            SilenceReplies.Created created => new Creation.Created(SilenceJson.From(created.Silence, now)),
            SilenceReplies.Rejected rejected => new Creation.Refused(rejected.Reason),
            var other => new Creation.Unexpected(other.GetType().Name),
        };
    }

    /// <summary>Ends the silence now: the expired silence, or null when there is none the caller may see.</summary>
    /// <exception cref="InvalidOperationException">The registry answered something it never should.</exception>
    public async Task<SilenceJson?> ExpireAsync(string id, ApiCaller? caller, CancellationToken ct)
    {
        if (
            caller is { IsScoped: true }
            && (await registry.ListAsync(ct)).Find(id) is { } existing
            && !TenantScope.Allows(caller, existing)
        )
            return null;
        return await registry.ExpireAsync(id, ct) switch
        {
            // The registry's clock ended it; never show it as active because this node's clock lags a little.
            SilenceReplies.Expired expired => SilenceJson.From(
                expired.Silence,
                Later(time.GetUtcNow(), expired.Silence.EndsAt)
            ),
            SilenceReplies.NotFound => null,
            var other => throw new InvalidOperationException($"unexpected reply {other.GetType().Name}"),
        };
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
