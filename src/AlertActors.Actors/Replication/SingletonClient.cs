using Akka.Actor;
using Akka.Hosting;

namespace AlertActors.Actors.Replication;

/// <summary>
/// A cluster singleton as the HTTP API sees it: asks through the singleton's proxy (<typeparamref name="TProxy"/>, its
/// marker in the Akka.Hosting registry) with a timeout.
/// </summary>
public abstract class SingletonClient<TProxy>(IRequiredActor<TProxy> singleton, TimeSpan askTimeout)
{
    /// <summary>The singleton's answer to <paramref name="command"/>.</summary>
    /// <exception cref="AskTimeoutException">No answer within the ask timeout (e.g. during hand-over).</exception>
    protected async Task<T> AskAsync<T>(object command, CancellationToken cancellationToken)
    {
        var proxy = await singleton.GetAsync(cancellationToken);
        return await proxy.Ask<T>(command, askTimeout, cancellationToken);
    }
}
