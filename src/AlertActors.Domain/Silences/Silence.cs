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
    string Comment) : IAlertMessage
{
    public bool IsActiveAt(DateTimeOffset now) => StartsAt <= now && now < EndsAt;

    public bool Matches(AlertState alert) => Matchers.All(m => m.Matches(alert));
}
