using AlertActors.Domain.Notifications;

namespace AlertActors.Notifications;

/// <summary>A provider with more than one destination (PagerDuty: one per routing key), whose calls an alert pins per firing period.</summary>
public interface IRoutingTargetResolver
{
    /// <summary>The routing target <paramref name="request"/> would be sent to now (never a secret); null in dry-run.</summary>
    string? TargetOf(NotificationRequest request);
}

/// <summary><see cref="IRoutingTargets"/> over the configured providers: those that are <see cref="IRoutingTargetResolver"/>s answer, the others have one destination.</summary>
public sealed class ProviderRoutingTargets(IEnumerable<INotificationProvider> providers) : IRoutingTargets
{
    private readonly Dictionary<string, IRoutingTargetResolver> _resolvers = providers
        .Where(p => p is IRoutingTargetResolver)
        .ToDictionary(p => p.Name, p => (IRoutingTargetResolver)p, StringComparer.Ordinal);

    public string? TargetOf(string provider, NotificationRequest request) =>
        _resolvers.TryGetValue(provider, out var resolver) ? resolver.TargetOf(request) : null;
}
