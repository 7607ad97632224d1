using AlertActors.Domain.Alerts;
using AlertActors.Domain.Silences;

namespace AlertActors.Actors.Silences;

/// <summary>
/// This node's copy of the cluster's silences, read by alert entities on every notification decision.
/// Reads never block: the whole set is one immutable <see cref="SilenceSet"/> behind a volatile field,
/// replaced by <see cref="SilenceSubscriber"/> when a newer one arrives.
/// </summary>
public sealed class SilenceCache : ISilenceLookup
{
    private readonly Lock _gate = new();
    private volatile SilenceSet _current = SilenceSet.Empty;

    public SilenceSet Current => _current;

    public Silence? ActiveFor(AlertState alert, DateTimeOffset now) => _current.ActiveFor(alert, now);

    /// <summary>
    /// Takes <paramref name="set"/> unless it is older (lower version) than the one held, which happens
    /// when a refresh answer overtakes a publish; <paramref name="force"/> takes it anyway (the registry
    /// started over, e.g. on a new journal). True if taken.
    /// </summary>
    public bool Update(SilenceSet set, bool force = false)
    {
        lock (_gate)
        {
            if (!force && set.Version < _current.Version)
                return false;
            _current = set;
            return true;
        }
    }
}
