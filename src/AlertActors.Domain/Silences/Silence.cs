using System.Collections.Immutable;
using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.Silences;

/// <summary>
/// A time-bounded, matcher-based silence (Alertmanager's model): while active, every alert that all its
/// matchers match records occurrences but notifies nobody.
/// </summary>
public sealed record Silence(
    string Id,
    ImmutableArray<SilenceMatcher> Matchers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment
) : IAlertMessage
{
    public bool IsActiveAt(DateTimeOffset now) => StartsAt <= now && now < EndsAt;

    public bool Matches(AlertState alert) => Matchers.All(m => m.Matches(alert));

    public SilenceStatus StatusAt(DateTimeOffset now) =>
        now < StartsAt ? SilenceStatus.Pending
        : now < EndsAt ? SilenceStatus.Active
        : SilenceStatus.Expired;

    /// <summary>
    /// The silence ended at <paramref name="at"/> (no-op if it already ended earlier). A pending silence
    /// also starts then, so it never becomes active (Alertmanager does the same).
    /// </summary>
    public Silence ExpiredAt(DateTimeOffset at) =>
        EndsAt <= at ? this : this with { StartsAt = StartsAt < at ? StartsAt : at, EndsAt = at };

    public bool Equals(Silence? other) =>
        other is not null
        && Id == other.Id
        && Matchers.SequenceEqual(other.Matchers)
        && StartsAt == other.StartsAt
        && EndsAt == other.EndsAt
        && CreatedBy == other.CreatedBy
        && Comment == other.Comment;

    public override int GetHashCode() => HashCode.Combine(Id, StartsAt, EndsAt);
}
