using System.Collections.Immutable;
using System.Text.Json.Serialization;
using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.Silences;

/// <summary>
/// Every silence the registry knows (immutable). <see cref="Version"/> grows with every change the
/// registry persists, so a node can tell a newer set from an older one that arrives late.
/// </summary>
public sealed record SilenceSet(ImmutableArray<Silence> Silences, long Version) : IAlertMessage, ISilenceLookup
{
    /// <summary>How long an expired silence stays listed before it is pruned.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromHours(24);

    public static readonly SilenceSet Empty = new([], 0);

    [JsonIgnore]
    public int Count => Silences.IsDefault ? 0 : Silences.Length;

    public Silence? Find(string id) => Items.FirstOrDefault(s => s.Id == id);

    /// <summary>The active silence that all of whose matchers match the alert and that ends last, or null.</summary>
    public Silence? ActiveFor(AlertState alert, DateTimeOffset now)
    {
        Silence? best = null;
        foreach (var silence in Items)
        {
            if (!silence.IsActiveAt(now) || (best is not null && silence.EndsAt <= best.EndsAt))
                continue;
            if (silence.Matches(alert))
                best = silence;
        }
        return best;
    }

    public SilenceSet Apply(ISilenceJournalEvent evt, long version) =>
        evt switch
        {
            SilenceJournalEvents.SilenceCreated created => new SilenceSet(
                Items.Where(s => s.Id != created.Silence.Id).Append(created.Silence).ToImmutableArray(),
                version
            ),
            SilenceJournalEvents.SilenceExpired expired => new SilenceSet(
                Items.Select(s => s.Id == expired.Id ? s.ExpiredAt(expired.At) : s).ToImmutableArray(),
                version
            ),
            _ => throw new ArgumentException($"unknown silence event {evt.GetType().Name}", nameof(evt)),
        };

    /// <summary>Drops silences that ended before <paramref name="endedBefore"/> (this set if none did).</summary>
    public SilenceSet Prune(DateTimeOffset endedBefore) =>
        Items.Any(s => s.EndsAt < endedBefore)
            ? this with
            {
                Silences = Items.Where(s => s.EndsAt >= endedBefore).ToImmutableArray(),
            }
            : this;

    /// <summary>
    /// For listing: active ones first (ending soonest first), then pending (starting soonest first),
    /// then expired (most recently ended first), like Alertmanager's UI.
    /// </summary>
    public IReadOnlyList<Silence> Ordered(DateTimeOffset now, SilenceStatus? only = null) =>
        Items
            .Where(s => only is null || s.StatusAt(now) == only)
            .OrderBy(s =>
                s.StatusAt(now) switch
                {
                    SilenceStatus.Active => 0,
                    SilenceStatus.Pending => 1,
                    _ => 2,
                }
            )
            .ThenBy(s =>
                s.StatusAt(now) switch
                {
                    SilenceStatus.Active => s.EndsAt.UtcTicks,
                    SilenceStatus.Pending => s.StartsAt.UtcTicks,
                    _ => -s.EndsAt.UtcTicks,
                }
            )
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();

    private ImmutableArray<Silence> Items => Silences.IsDefault ? [] : Silences;

    public bool Equals(SilenceSet? other) =>
        other is not null && Version == other.Version && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => HashCode.Combine(Version, Count);
}
