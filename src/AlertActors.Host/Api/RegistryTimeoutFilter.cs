using Akka.Actor;

namespace AlertActors.Host.Api;

/// <summary>
/// The endpoint filter of the APIs over a cluster-singleton registry (silences, rules): an ask that timed out
/// (<see cref="AskTimeoutException"/>, the registry moving between nodes or overloaded) answers 503 problem+json saying
/// to retry, instead of a 500.
/// </summary>
public static class RegistryTimeoutFilter
{
    /// <summary>The filter for the registry named <paramref name="registry"/> (e.g. "silence registry").</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> For(
        string registry
    ) =>
        async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (AskTimeoutException)
            {
                return new UnavailableProblem($"the {registry} did not answer in time; retry");
            }
        };
}
