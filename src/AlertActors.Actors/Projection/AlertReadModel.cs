using System.Collections.Concurrent;
using AlertActors.Actors.Alerts;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Projection;

/// <summary>
/// The node's view of every alert in the cluster, folded from the journal's tagged events with the same
/// pure <see cref="AlertState.Apply"/> the entities use. Eventually consistent (a refresh interval behind).
/// </summary>
public sealed class AlertReadModel
{
    private readonly ConcurrentDictionary<string, AlertState> _alerts = new(StringComparer.Ordinal);

    public void Apply(string persistenceId, IAlertEvent evt)
    {
        if (!persistenceId.StartsWith(AlertEntity.PersistenceIdPrefix, StringComparison.Ordinal)) return;
        var dedupKey = persistenceId[AlertEntity.PersistenceIdPrefix.Length..];
        _alerts.AddOrUpdate(dedupKey, key => AlertState.Empty(key).Apply(evt), (_, state) => state.Apply(evt));
    }

    /// <summary>Alerts newest first (by last occurrence), filtered by status and tenant.</summary>
    public IReadOnlyList<AlertState> List(AlertStatus? status, string? tenant, int offset, int limit) =>
        _alerts.Values
            .Where(a => a.Exists && (status is null || a.Status == status) && (tenant is null || a.Tenant == tenant))
            .OrderByDescending(a => a.LastSeen ?? a.Timeline.LastOrDefault()?.At)
            .ThenBy(a => a.DedupKey, StringComparer.Ordinal)
            .Skip(offset)
            .Take(limit)
            .ToList();
}
