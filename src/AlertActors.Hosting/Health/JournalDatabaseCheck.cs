using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Hosting;
using Akka.Persistence;
using AlertActors.Projection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlertActors.Hosting.Health;

/// <summary>
/// Ready while the journal itself reports healthy to Akka.Persistence's <see cref="CheckJournalHealth"/> (which
/// Akka.Persistence.Sql answers only once it has created its tables, and not while the journal's circuit breaker is
/// open) and the journal's database answers <c>SELECT 1</c>, each within <see cref="HealthChecks.CheckTimeout"/>. The
/// query goes through the node's
/// <see cref="AlertReadStore"/> (it shares the journal's connection string; resolved from the actor system's service
/// provider). Akka.Persistence.Sql.Hosting's own connectivity check cannot run here: its 1.5.70 build calls linq2db 5's
/// <c>DataConnectionExtensions</c>, which the linq2db 6 that Akka.Persistence.Sql 1.5.73 brings no longer has
/// (TypeLoadException).
/// </summary>
public sealed class JournalDatabaseCheck : IAkkaHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        AkkaHealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        if (DependencyResolver.For(context.ActorSystem).Resolver.GetService<AlertReadStore>() is not { } store)
            return new HealthCheckResult(context.Registration.FailureStatus, "no alert list store registered");
        if (await JournalUnhealthyAsync(context.ActorSystem, cancellationToken) is { } why)
            return new HealthCheckResult(context.Registration.FailureStatus, why);
        return await store.IsReachableAsync(HealthChecks.CheckTimeout)
            ? HealthCheckResult.Healthy("the journal's database answers")
            : new HealthCheckResult(
                context.Registration.FailureStatus,
                $"the journal's database did not answer SELECT 1 within {HealthChecks.CheckTimeout.TotalSeconds:0} s (unreachable, refusing connections or too slow)"
            );
    }

    /// <summary>Why the default journal is not ready (not answered within <see cref="HealthChecks.CheckTimeout"/>: it
    /// is still creating its tables or is stuck; or its own health is not <c>Healthy</c>), or null when it
    /// is.</summary>
    private static async Task<string?> JournalUnhealthyAsync(ActorSystem system, CancellationToken cancellationToken)
    {
        try
        {
            var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
            var response = await journal.Ask<JournalHealthCheckResponse>(
                new CheckJournalHealth(cancellationToken),
                HealthChecks.CheckTimeout,
                cancellationToken
            );
            return response.Result.Status == PersistenceHealthStatus.Healthy
                ? null
                : $"the journal reports {response.Result.Status}: {response.Result.Description}";
        }
        catch (Exception ex) when (ex is AskTimeoutException or OperationCanceledException)
        {
            return $"the journal did not answer within {HealthChecks.CheckTimeout.TotalSeconds:0} s (still creating its tables, or stuck)";
        }
    }
}
