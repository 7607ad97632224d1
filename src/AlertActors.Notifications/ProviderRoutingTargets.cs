using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications;

/// <summary><see cref="IRoutingTargets"/> over the configured providers: those that are
/// <see cref="IRoutingTargetResolver"/>s answer, the others have one destination.</summary>
public sealed class ProviderRoutingTargets(IEnumerable<INotificationProvider> providers) : IRoutingTargets
{
    private readonly Dictionary<string, IRoutingTargetResolver> _resolvers = providers
        .Where(p => p is IRoutingTargetResolver)
        .ToDictionary(p => p.Name, p => (IRoutingTargetResolver)p, StringComparer.Ordinal);

    /// <inheritdoc />
    public string? TargetOf(string provider, NotificationRequest request) =>
        _resolvers.TryGetValue(provider, out var resolver) ? resolver.TargetOf(request) : null;
}
