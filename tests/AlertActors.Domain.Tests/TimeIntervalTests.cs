using System.Collections.Immutable;
using AlertActors.Domain.TimeIntervals;
using NodaTime;

namespace AlertActors.Domain.Tests;

/// <summary>
/// The meaning of a time interval (Alertmanager's time_intervals): wall-clock fields in a zone, start inclusive and end
/// exclusive, across daylight-saving changes (Europe/Berlin, 2026: spring forward 03-29 02:00 CET → 03:00 CEST, fall
/// back 10-25 03:00 CEST → 02:00 CET), month ends and days counted from a month's end.
/// </summary>
public class TimeIntervalTests
{
    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0, int year = 2026) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static TimeInterval Interval(params TimeIntervalEntry[] entries) => new("test", [.. entries]);

    private static TimeIntervalEntry Entry(
        string location = "UTC",
        TimeOfDayRange[]? times = null,
        InclusiveRange[]? weekdays = null,
        InclusiveRange[]? days = null,
        InclusiveRange[]? months = null,
        InclusiveRange[]? years = null
    ) =>
        new(
            [.. times ?? []],
            [.. weekdays ?? []],
            [.. days ?? []],
            [.. months ?? []],
            [.. years ?? []],
            DateTimeZoneProviders.Tzdb[location]
        );

    private static TimeOfDayRange Hours(int start, int end) => new(start * 60, end * 60);

    private static readonly InclusiveRange MondayToFriday = new(1, 5);

    private static readonly TimeInterval BusinessHoursBerlin = Interval(
        Entry("Europe/Berlin", times: [Hours(9, 17)], weekdays: [MondayToFriday])
    );

    [Fact]
    public void Business_hours_start_inclusive_end_exclusive_in_the_zone_s_wall_clock()
    {
        // Monday 2026-03-02, CET (UTC+1).
        Assert.False(BusinessHoursBerlin.Contains(Utc(3, 2, 7, 59)));
        Assert.True(BusinessHoursBerlin.Contains(Utc(3, 2, 8, 0)));
        Assert.True(BusinessHoursBerlin.Contains(Utc(3, 2, 15, 59)));
        Assert.False(BusinessHoursBerlin.Contains(Utc(3, 2, 16, 0)));
        Assert.False(BusinessHoursBerlin.Contains(Utc(3, 7, 10, 0))); // Saturday

        Assert.Equal(Utc(3, 2, 8, 0), BusinessHoursBerlin.NextChange(Utc(3, 2, 7, 0)));
        Assert.Equal(Utc(3, 2, 16, 0), BusinessHoursBerlin.NextChange(Utc(3, 2, 8, 0)));
        // From Friday's close to Monday's opening.
        Assert.Equal(Utc(3, 9, 8, 0), BusinessHoursBerlin.NextChange(Utc(3, 6, 16, 0)));
    }

    [Fact]
    public void Business_hours_follow_the_wall_clock_across_the_spring_forward_weekend()
    {
        // Friday 2026-03-27 17:00 CET closes; Monday 03-30 09:00 is CEST (UTC+2), so 07:00Z.
        Assert.Equal(Utc(3, 30, 7, 0), BusinessHoursBerlin.NextChange(Utc(3, 27, 16, 0)));
        Assert.Equal(Utc(3, 30, 15, 0), BusinessHoursBerlin.NextChange(Utc(3, 30, 7, 0)));
    }

    [Fact]
    public void A_window_in_the_hour_skipped_on_spring_forward_day_does_not_open_that_day()
    {
        var night = Interval(Entry("Europe/Berlin", times: [Hours(2, 3)]));

        // The day before: 02:00-03:00 CET is 01:00Z-02:00Z.
        Assert.True(night.Contains(Utc(3, 28, 1, 30)));
        // 2026-03-29: 01:59 CET (00:59Z) is followed by 03:00 CEST (01:00Z); 02:xx never happens.
        Assert.False(night.Contains(Utc(3, 29, 0, 59)));
        Assert.False(night.Contains(Utc(3, 29, 1, 0)));
        // The next opening is 02:00 CEST on 03-30, 00:00Z.
        Assert.Equal(Utc(3, 30, 0, 0), night.NextChange(Utc(3, 28, 2, 0)));
    }

    [Fact]
    public void The_hour_repeated_on_fall_back_day_is_inside_twice()
    {
        var night = Interval(Entry("Europe/Berlin", times: [Hours(2, 3)]));

        // 2026-10-25: 02:00-03:00 CEST is 00:00Z-01:00Z, then 02:00-03:00 CET again, 01:00Z-02:00Z.
        Assert.True(night.Contains(Utc(10, 25, 0, 30)));
        Assert.True(night.Contains(Utc(10, 25, 1, 30)));
        Assert.False(night.Contains(Utc(10, 25, 2, 0)));
        Assert.Equal(Utc(10, 25, 0, 0), night.NextChange(Utc(10, 24, 23, 0)));
        Assert.Equal(Utc(10, 25, 2, 0), night.NextChange(Utc(10, 25, 0, 0)));
    }

    [Fact]
    public void A_window_that_straddles_the_fall_back_change_closes_and_opens_again_with_the_clock()
    {
        var window = Interval(Entry("Europe/Berlin", times: [new TimeOfDayRange(2 * 60 + 30, 4 * 60)]));

        // 02:30 CEST (00:30Z) opens; at 01:00Z the clock goes back to 02:00 CET (outside); 02:30 CET (01:30Z) opens
        // again until 04:00 CET (03:00Z).
        Assert.Equal(Utc(10, 25, 1, 0), window.NextChange(Utc(10, 25, 0, 30)));
        Assert.Equal(Utc(10, 25, 1, 30), window.NextChange(Utc(10, 25, 1, 0)));
        Assert.Equal(Utc(10, 25, 3, 0), window.NextChange(Utc(10, 25, 1, 30)));
    }

    [Fact]
    public void Negative_days_count_from_the_month_s_end_and_ranges_stay_in_their_month()
    {
        var lastDay = Interval(Entry(days: [new InclusiveRange(-1, -1)]));
        Assert.True(lastDay.Contains(Utc(2, 28, 12)));
        Assert.False(lastDay.Contains(Utc(2, 27, 12)));
        Assert.True(lastDay.Contains(Utc(2, 29, 12, year: 2024)));
        Assert.Equal(Utc(2, 28, 0), lastDay.NextChange(Utc(2, 1, 0)));
        Assert.Equal(Utc(3, 1, 0), lastDay.NextChange(Utc(2, 28, 0)));

        var lastThree = Interval(Entry(days: [new InclusiveRange(-3, -1)]));
        Assert.False(lastThree.Contains(Utc(4, 27, 12)));
        Assert.True(lastThree.Contains(Utc(4, 28, 12)));
        Assert.True(lastThree.Contains(Utc(4, 30, 12)));

        // 1:31 in February ends on its last day and does not spill into March; 29:31 takes nothing in February 2026.
        Assert.True(Interval(Entry(days: [new InclusiveRange(1, 31)])).Contains(Utc(2, 28, 12)));
        var lateDays = Interval(Entry(days: [new InclusiveRange(29, 31)]));
        Assert.False(lateDays.Contains(Utc(2, 28, 12)));
        Assert.Equal(Utc(3, 29, 0), lateDays.NextChange(Utc(2, 1, 0)));
    }

    [Fact]
    public void Months_and_years_bound_an_interval_and_one_in_the_past_never_changes_again()
    {
        var december2026 = Interval(
            Entry(months: [new InclusiveRange(12, 12)], years: [new InclusiveRange(2026, 2026)])
        );

        Assert.Equal(Utc(12, 1, 0), december2026.NextChange(Utc(6, 1, 0)));
        Assert.Equal(Utc(1, 1, 0, year: 2027), december2026.NextChange(Utc(12, 15, 0)));
        Assert.Null(december2026.NextChange(Utc(1, 1, 0, year: 2027)));
    }

    [Fact]
    public void Any_entry_of_an_interval_holds_and_weekdays_count_from_sunday()
    {
        var weekend = Interval(
            Entry(weekdays: [new InclusiveRange(6, 6)]),
            Entry(weekdays: [new InclusiveRange(0, 0)])
        );

        Assert.True(weekend.Contains(Utc(3, 7, 12))); // Saturday
        Assert.True(weekend.Contains(Utc(3, 8, 12))); // Sunday
        Assert.False(weekend.Contains(Utc(3, 9, 12))); // Monday
        Assert.Equal(Utc(3, 9, 0), weekend.NextChange(Utc(3, 7, 12)));
    }

    [Fact]
    public void A_mute_runs_on_through_intervals_that_touch_and_names_the_first_that_holds()
    {
        var intervals = new TimeIntervalSet([
            new TimeInterval("morning", [Entry(times: [Hours(9, 12)])]),
            new TimeInterval("afternoon", [Entry(times: [Hours(12, 17)])]),
        ]);

        Assert.Equal(new TimeMute("morning", Utc(3, 2, 17)), intervals.MuteAt(["afternoon", "morning"], Utc(3, 2, 10)));
        Assert.Null(intervals.MuteAt(["morning", "afternoon"], Utc(3, 2, 18)));
        Assert.Null(intervals.MuteAt([], Utc(3, 2, 10)));
    }

    [Fact]
    public void An_interval_that_always_holds_mutes_until_the_search_horizon()
    {
        var always = new TimeIntervalSet([new TimeInterval("always", [TimeIntervalEntry.Always])]);

        var mute = always.MuteAt(["always"], Utc(3, 2, 10));

        Assert.Equal(Utc(3, 2, 10) + TimeInterval.SearchHorizon, mute?.Until);
    }
}
