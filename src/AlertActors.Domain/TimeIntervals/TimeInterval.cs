using System.Collections.Immutable;
using NodaTime;

namespace AlertActors.Domain.TimeIntervals;

/// <summary>
/// A named time interval (<c>alertactors.time-intervals.&lt;name&gt;</c>, Alertmanager's <c>time_intervals</c>): an
/// instant is inside when any of its <see cref="Entries"/> contains it. Rules use it as <c>active-during</c>, routes as
/// <c>mute-during</c> (README "Time windows"). Pure: the instant always comes in.
/// </summary>
public sealed record TimeInterval(string Name, ImmutableArray<TimeIntervalEntry> Entries)
{
    /// <summary>How far <see cref="NextChange"/> looks ahead: 8 years of 366 days, beyond any <c>years</c> range an
    /// operator plans with.</summary>
    public static readonly TimeSpan SearchHorizon = TimeSpan.FromDays(8 * 366);

    public bool Contains(DateTimeOffset at) => Contains(Instant.FromDateTimeOffset(at));

    private bool Contains(Instant instant) => Entries.Any(e => e.Contains(instant));

    /// <summary>
    /// The first instant after <paramref name="at"/> at which <see cref="Contains"/> gives the other answer (when the
    /// interval opens or closes), exact to the tick across daylight-saving changes; null when it does not change within
    /// <see cref="SearchHorizon"/> (e.g. an interval of past years only, or one that holds every day).
    /// </summary>
    public DateTimeOffset? NextChange(DateTimeOffset at)
    {
        var start = Instant.FromDateTimeOffset(at);
        var inside = Contains(start);
        var day = Duration.FromDays(1);
        var horizon = start + Duration.FromTimeSpan(SearchHorizon);
        var candidates = new SortedSet<Instant>();
        for (var from = start; from < horizon; from += day)
        {
            candidates.Clear();
            foreach (var entry in Entries)
                entry.AddChangeCandidates(from, from + day, candidates);
            foreach (var candidate in candidates)
            {
                if (candidate > start && Contains(candidate) != inside)
                    return candidate.ToDateTimeOffset();
            }
        }
        return null;
    }
}
