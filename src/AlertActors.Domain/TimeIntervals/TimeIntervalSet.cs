using System.Collections.Immutable;

namespace AlertActors.Domain.TimeIntervals;

/// <summary>
/// The configured named time intervals (<c>alertactors.time-intervals</c>), which rules (<c>active-during</c>) and
/// routes (<c>mute-during</c>) refer to by name. Pure.
/// </summary>
public sealed class TimeIntervalSet
{
    public static readonly TimeIntervalSet Empty = new([]);

    private readonly ImmutableDictionary<string, TimeInterval> _byName;

    public TimeIntervalSet(IEnumerable<TimeInterval> intervals) =>
        _byName = intervals.ToImmutableDictionary(i => i.Name, StringComparer.Ordinal);

    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.Ordinal);

    public TimeInterval? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The first of <paramref name="names"/> whose interval contains <paramref name="at"/>, or null (an
    /// unknown name, which the configuration refuses, contains nothing).</summary>
    public string? FirstContaining(IEnumerable<string> names, DateTimeOffset at) =>
        names.FirstOrDefault(name => Find(name)?.Contains(at) == true);

    /// <summary>
    /// The mute that <paramref name="names"/> put on a notification at <paramref name="at"/>: the first interval that
    /// contains it, and the first instant none of them does (the end of the window, running on through intervals that
    /// touch or overlap it); null when none contains <paramref name="at"/>. When the intervals never let go within
    /// <see cref="TimeInterval.SearchHorizon"/>, <see cref="TimeMute.Until"/> is that horizon, when it is looked at
    /// again.
    /// </summary>
    public TimeMute? MuteAt(IReadOnlyCollection<string> names, DateTimeOffset at)
    {
        if (names.Count == 0 || FirstContaining(names, at) is not { } first)
            return null;
        var until = at;
        var horizon = at + TimeInterval.SearchHorizon;
        while (until < horizon && FirstContaining(names, until) is { } holding)
            until = Find(holding)!.NextChange(until) ?? horizon;
        return new TimeMute(first, until < horizon ? until : horizon);
    }
}

/// <summary>A notification muted by the time interval <paramref name="Interval"/> until <paramref name="Until"/>, the
/// window's end.</summary>
public readonly record struct TimeMute(string Interval, DateTimeOffset Until);
