using Akka.Actor;
using Akka.Hosting;
using AlertActors.Actors.Alerts;
using AlertActors.Domain.Alerts;
using AlertActors.Host.Api;
using AlertActors.Hosting;

namespace AlertActors.Host.Application;

/// <summary>Sends commands to alert entities through the shard region, on behalf of an API caller or a provider
/// webhook.</summary>
public sealed class AlertEntityClient(IRequiredActor<AlertRegion> region)
{
    /// <summary>
    /// Sends <paramref name="command"/> and returns the alert's answer. With a tenant-scoped <paramref name="caller"/>,
    /// an alert of another tenant answers <see cref="RejectionReason.NotFound"/> exactly as a missing one does (so the
    /// token cannot tell which keys exist in other tenants), and a change is only sent after the alert's tenant was
    /// checked. Null <paramref name="caller"/>: no tenant limit.
    /// </summary>
    public async Task<AlertAnswer> AskAsync(
        IAlertCommand command,
        ApiCaller? caller,
        CancellationToken cancellationToken
    )
    {
        var shards = await region.GetAsync(cancellationToken);
        try
        {
            if (caller is { IsScoped: true } && command is not AlertCommands.GetAlert)
            {
                // The tenant of an alert comes with its occurrences; check it before the change is made.
                var current = AlertAnswer.Of(
                    await shards.Ask<object>(
                        new AlertCommands.GetAlert(command.DedupKey),
                        AlertActorsAkka.AskTimeout,
                        cancellationToken
                    )
                );
                if (current is not AlertAnswer.Found { State: var existing })
                    return current;
                if (!caller.Allows(existing.Tenant))
                    return Missing(command.DedupKey);
            }
            var answer = AlertAnswer.Of(
                await shards.Ask<object>(command, AlertActorsAkka.AskTimeout, cancellationToken)
            );
            return
                answer is AlertAnswer.Found { State: var state } && caller is not null && !caller.Allows(state.Tenant)
                ? Missing(state.DedupKey)
                : answer;
        }
        catch (AskTimeoutException)
        {
            return new AlertAnswer.NotAnswered();
        }
    }

    private static AlertAnswer.Refused Missing(string dedupKey) =>
        new(RejectionReason.NotFound, $"no alert with dedup key {dedupKey}");
}
