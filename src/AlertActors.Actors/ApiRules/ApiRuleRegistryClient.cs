using Akka.Actor;
using Akka.Hosting;
using AlertActors.Actors.Replication;
using AlertActors.Domain.ApiRules;

namespace AlertActors.Actors.ApiRules;

/// <summary>
/// The rule registry as the HTTP API sees it: asks through the singleton proxy with a timeout (an
/// <see cref="AskTimeoutException"/> means the registry did not answer in time, e.g. during hand-over).
/// </summary>
public sealed class ApiRuleRegistryClient(IRequiredActor<ApiRuleRegistryProxy> registry, TimeSpan askTimeout)
    : SingletonClient<ApiRuleRegistryProxy>(registry, askTimeout)
{
    /// <summary>The registry's whole set (the newest, not this node's copy).</summary>
    public Task<ApiRuleSet> ListAsync(CancellationToken cancellationToken) =>
        AskAsync<ApiRuleSet>(ApiRuleCommands.GetApiRules.Instance, cancellationToken);

    /// <summary><see cref="ApiRuleReplies.Stored"/> or <see cref="ApiRuleReplies.Rejected"/>.</summary>
    public Task<object> StoreAsync(ApiRuleCommands.StoreRule command, CancellationToken cancellationToken) =>
        AskAsync<object>(command, cancellationToken);

    /// <summary><see cref="ApiRuleReplies.Deleted"/> or <see cref="ApiRuleReplies.NotFound"/>.</summary>
    public Task<object> DeleteAsync(string name, string by, CancellationToken cancellationToken) =>
        AskAsync<object>(new ApiRuleCommands.DeleteRule(name, by), cancellationToken);
}
