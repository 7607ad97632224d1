using System.Collections.Immutable;
using NodaTime;

namespace AlertActors.Domain.TimeIntervals;

/// <summary>
/// One entry of a named time interval, with Alertmanager's fields and meaning (its configuration's
/// <c>time_intervals[].time_intervals[]</c>): an instant is inside when its wall-clock time in <see cref="Location"/>
/// matches every field that is given; a field left empty matches everything. Ranges are inclusive, except
/// <see cref="Times"/>, whose end is exclusive.
/// </summary>
/// <param name="Times">Times of day (any of them).</param>
/// <param name="Weekdays">Days of the week, 0 = Sunday … 6 = Saturday.</param>
/// <param name="DaysOfMonth">Days of the month; negative ones count back from the month's last day (−1 is the last),
/// and a range is cut to the month (<c>1:31</c> in February ends on its last day).</param>
/// <param name="Months">1 = January … 12 = December.</param>
/// <param name="Years">Years, e.g. 2026.</param>
/// <param name="Location">The time zone the fields are read in (an IANA zone from NodaTime's tz database; UTC when the
/// configuration names none).</param>
public sealed record TimeIntervalEntry(
    ImmutableArray<TimeOfDayRange> Times,
    ImmutableArray<InclusiveRange> Weekdays,
    ImmutableArray<InclusiveRange> DaysOfMonth,
    ImmutableArray<InclusiveRange> Months,
    ImmutableArray<InclusiveRange> Years,
    DateTimeZone Location
)
{
    /// <summary>Every field empty, in UTC: always inside.</summary>
    public static readonly TimeIntervalEntry Always = new([], [], [], [], [], DateTimeZone.Utc);

    public bool Contains(Instant instant)
    {
        var local = instant.InZone(Location).LocalDateTime;
        return (Times.IsEmpty || Times.Any(t => t.Contains(local.TickOfDay))) && DayMatches(local.Date);
    }

    /// <summary>True when the date-level fields (weekdays, days of month, months, years) take
    /// <paramref name="date"/>.</summary>
    private bool DayMatches(LocalDate date) =>
        (Weekdays.IsEmpty || Weekdays.Any(w => w.Contains((int)date.DayOfWeek % 7)))
        && (DaysOfMonth.IsEmpty || DaysOfMonth.Any(d => DayOfMonthMatches(d, date)))
        && (Months.IsEmpty || Months.Any(m => m.Contains(date.Month)))
        && (Years.IsEmpty || Years.Any(y => y.Contains(date.Year)));

    /// <summary>As Alertmanager does: negative days count back from the month's end, a range that begins after the
    /// month's last day takes nothing, and the rest is cut to the month.</summary>
    private static bool DayOfMonthMatches(InclusiveRange range, LocalDate date)
    {
        var days = date.Calendar.GetDaysInMonth(date.Year, date.Month);
        var begin = range.Begin < 0 ? days + range.Begin + 1 : range.Begin;
        var end = range.End < 0 ? days + range.End + 1 : range.End;
        if (begin > days)
            return false;
        return date.Day >= Math.Max(begin, 1) && date.Day <= Math.Min(end, days);
    }

    /// <summary>
    /// Adds to <paramref name="candidates"/> every instant in [<paramref name="from"/>, <paramref name="to"/>) at
    /// which <see cref="Contains"/> can change: each local midnight and start or end of a time of day, mapped to the
    /// instants that have that wall-clock time (none in a spring-forward gap, two in a fall-back overlap), and each
    /// change of the zone's offset (where the wall clock jumps).
    /// </summary>
    internal void AddChangeCandidates(Instant from, Instant to, SortedSet<Instant> candidates)
    {
        for (var zoneInterval = Location.GetZoneInterval(from); zoneInterval.HasEnd && zoneInterval.End < to; )
        {
            candidates.Add(zoneInterval.End);
            zoneInterval = Location.GetZoneInterval(zoneInterval.End);
        }
        var firstDate = from.InZone(Location).Date;
        var lastDate = to.InZone(Location).Date;
        for (var date = firstDate; date <= lastDate; date = date.PlusDays(1))
        {
            AddLocal(date.AtMidnight(), from, to, candidates);
            foreach (var time in Times)
            {
                AddLocal(date.AtMidnight().PlusMinutes(time.StartMinute), from, to, candidates);
                if (time.EndMinute < TimeOfDayRange.MinutesPerDay)
                    AddLocal(date.AtMidnight().PlusMinutes(time.EndMinute), from, to, candidates);
            }
        }
    }

    private void AddLocal(LocalDateTime local, Instant from, Instant to, SortedSet<Instant> candidates)
    {
        var mapping = Location.MapLocal(local);
        if (mapping.Count == 0)
            return;
        foreach (var zoned in new[] { mapping.First(), mapping.Last() })
        {
            var instant = zoned.ToInstant();
            if (instant >= from && instant < to)
                candidates.Add(instant);
        }
    }
}
