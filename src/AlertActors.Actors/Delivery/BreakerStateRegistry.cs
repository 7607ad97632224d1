using System.Collections.Concurrent;

namespace AlertActors.Actors.Delivery;

/// <summary>
/// The node's current circuit-breaker state per provider, written by the <see cref="ProviderSupervisor"/>s and
/// read from any thread (a singleton in DI for /metrics and /readyz).
/// </summary>
public sealed class BreakerStateRegistry
{
    private readonly ConcurrentDictionary<string, BreakerState> _byProvider = new(StringComparer.Ordinal);

    public void Update(BreakerState state) => _byProvider[state.Provider] = state;

    public BreakerState? Get(string provider) => _byProvider.TryGetValue(provider, out var state) ? state : null;

    /// <summary>Every known provider's breaker, ordered by provider name.</summary>
    public IReadOnlyList<BreakerState> All =>
        _byProvider.Values.OrderBy(s => s.Provider, StringComparer.Ordinal).ToList();

    public bool AnyOpen => _byProvider.Values.Any(s => s.IsOpen);
}
