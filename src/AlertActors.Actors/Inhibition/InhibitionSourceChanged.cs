using System.Collections.Immutable;
using AlertActors.Domain.Inhibition;

namespace AlertActors.Actors.Inhibition;

/// <summary>
/// Published on the node's event stream by an alert entity after a write changed what it offers to inhibit (it began
/// or stopped firing as a source); <see cref="InhibitionSubscriber"/> forwards it to the registry.
/// </summary>
public sealed record InhibitionSourceChanged(string DedupKey, ImmutableArray<InhibitionKey> Keys);
