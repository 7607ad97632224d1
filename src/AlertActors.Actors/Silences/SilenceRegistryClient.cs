using Akka.Actor;
using Akka.Hosting;
using AlertActors.Actors.Replication;
using AlertActors.Domain.Silences;

namespace AlertActors.Actors.Silences;

/// <summary>
/// The silence registry as the HTTP API sees it: asks through the singleton proxy with a timeout
/// (an <see cref="AskTimeoutException"/> means the registry did not answer in time, e.g. during hand-over).
/// </summary>
public sealed class SilenceRegistryClient(IRequiredActor<SilenceRegistryProxy> registry, TimeSpan askTimeout)
    : SingletonClient<SilenceRegistryProxy>(registry, askTimeout)
{
    public Task<SilenceSet> ListAsync(CancellationToken cancellationToken) =>
        AskAsync<SilenceSet>(SilenceCommands.GetSilences.Instance, cancellationToken);

    /// <summary><see cref="SilenceReplies.Created"/> or <see cref="SilenceReplies.Rejected"/>.</summary>
    public Task<object> CreateAsync(Silence silence, CancellationToken cancellationToken) =>
        AskAsync<object>(new SilenceCommands.CreateSilence(silence), cancellationToken);

    /// <summary><see cref="SilenceReplies.Expired"/> or <see cref="SilenceReplies.NotFound"/>.</summary>
    public Task<object> ExpireAsync(string id, CancellationToken cancellationToken) =>
        AskAsync<object>(new SilenceCommands.ExpireSilence(id), cancellationToken);
}
