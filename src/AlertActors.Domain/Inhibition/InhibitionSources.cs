using System.Collections.Immutable;
using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.Inhibition;

/// <summary>
/// The firing alerts that match the source of some inhibit rule, by dedup key, with what each offers to inhibit
/// (immutable). <see cref="Version"/> grows with every change the registry makes, so a node can tell a newer set from
/// an older one that arrives late.
/// </summary>
public sealed record InhibitionSources(ImmutableDictionary<string, ImmutableArray<InhibitionKey>> Sources, long Version)
    : IAlertMessage
{
    public static readonly InhibitionSources Empty = new(
        ImmutableDictionary.Create<string, ImmutableArray<InhibitionKey>>(StringComparer.Ordinal),
        0
    );

    /// <summary>This set with <paramref name="dedupKey"/> offering <paramref name="keys"/> (none: removed), at
    /// <paramref name="version"/>; this very set when nothing changes.</summary>
    public InhibitionSources With(string dedupKey, ImmutableArray<InhibitionKey> keys, long version)
    {
        var current = Sources.TryGetValue(dedupKey, out var held) ? held : [];
        if (current.SequenceEqual(keys.IsDefault ? [] : keys))
            return this;
        return new InhibitionSources(
            keys.IsDefaultOrEmpty ? Sources.Remove(dedupKey) : Sources.SetItem(dedupKey, keys),
            version
        );
    }

    /// <summary>The dedup keys that are sources here and not in <paramref name="newer"/>.</summary>
    public IReadOnlyList<string> GoneIn(InhibitionSources newer) =>
        Sources.Keys.Where(key => !newer.Sources.ContainsKey(key)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The same sources offering the same keys, whatever the versions.</summary>
    public bool SameSourcesAs(InhibitionSources other) =>
        Sources.Count == other.Sources.Count
        && Sources.All(pair => other.Sources.TryGetValue(pair.Key, out var keys) && keys.SequenceEqual(pair.Value));

    public bool Equals(InhibitionSources? other) =>
        other is not null && Version == other.Version && SameSourcesAs(other);

    public override int GetHashCode() => HashCode.Combine(Version, Sources.Count);
}
