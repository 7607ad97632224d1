using Akka.DependencyInjection;
using Akka.Hosting;
using AlertActors.Projection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlertActors.Hosting.Health;

/// <summary>
/// Ready while the journal's database answers <c>SELECT 1</c> within <see cref="HealthChecks.CheckTimeout"/>, asked
/// through the node's
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
        return await store.IsReachableAsync(HealthChecks.CheckTimeout)
            ? HealthCheckResult.Healthy("the journal's database answers")
            : new HealthCheckResult(
                context.Registration.FailureStatus,
                $"the journal's database did not answer SELECT 1 within {HealthChecks.CheckTimeout.TotalSeconds:0} s (unreachable, refusing connections or too slow)"
            );
    }
}
