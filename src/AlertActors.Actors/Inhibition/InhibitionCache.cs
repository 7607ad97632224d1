using AlertActors.Domain.Alerts;
using AlertActors.Domain.Inhibition;

namespace AlertActors.Actors.Inhibition;

/// <summary>
/// This node's copy of the cluster's firing inhibition sources and the configured <see cref="InhibitRules"/>, read by
/// alert entities on every notification decision. Reads never block: the set is one immutable
/// <see cref="InhibitionSources"/> behind a volatile field, replaced by <see cref="InhibitionSubscriber"/> when a newer
/// one arrives; null until the first arrives (then a held notification stays held:
/// <see cref="InhibitionCheck.Unknown"/>).
/// </summary>
public sealed class InhibitionCache(InhibitRules rules) : IInhibitionLookup
{
    private readonly Lock _gate = new();
    private volatile InhibitionSources? _current;

    public InhibitRules Rules => rules;

    /// <summary>The sources as last received, or null before the first set arrived.</summary>
    public InhibitionSources? Current => _current;

    public InhibitionCheck Check(AlertState alert) =>
        rules.IsEmpty ? InhibitionCheck.NotInhibited
        : _current is { } sources ? new InhibitionCheck(true, rules.InhibitorOf(alert, sources))
        : InhibitionCheck.Unknown;

    /// <summary>Takes <paramref name="sources"/> unless it is older (lower version) than the set held, which happens
    /// when a refresh answer overtakes a publish; true if taken. <paramref name="replaced"/>: the set held before
    /// (null: none yet). <paramref name="force"/> takes it anyway (a registry that took over on a node whose clock is
    /// behind).</summary>
    public bool Update(InhibitionSources sources, out InhibitionSources? replaced, bool force = false)
    {
        lock (_gate)
        {
            replaced = _current;
            if (!force && replaced is not null && sources.Version < replaced.Version)
                return false;
            _current = sources;
            return true;
        }
    }
}
