using System.Collections.Immutable;
using AlertActors.Actors.Inhibition;
using AlertActors.Domain.Inhibition;

namespace AlertActors.Actors.Alerts;

/// <summary>
/// The alert as an inhibition source: after a write that changed what it offers to inhibit (it began or stopped firing,
/// by any path: an event, the API, a provider, auto-resolve), it says so on the node's event stream, and the node's
/// <see cref="InhibitionSubscriber"/> tells the registry. A recovered firing source says so again (the registry may
/// have missed it).
/// </summary>
public sealed partial class AlertEntity
{
    private static readonly InhibitionCache NoInhibitionRules = new(InhibitRules.None);
    private readonly InhibitionCache _inhibition;
    private ImmutableArray<InhibitionKey> _reportedSourceKeys = [];

    private void ReportInhibitionSource(bool recovered = false)
    {
        if (_inhibition.Rules.IsEmpty)
            return;
        var keys = _inhibition.Rules.SourceKeysOf(_state);
        if (recovered ? keys.IsEmpty : keys.SequenceEqual(_reportedSourceKeys))
        {
            _reportedSourceKeys = keys;
            return;
        }
        _reportedSourceKeys = keys;
        Context.System.EventStream.Publish(new InhibitionSourceChanged(_state.DedupKey, keys));
    }
}
