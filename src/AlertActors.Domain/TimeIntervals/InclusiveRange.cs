namespace AlertActors.Domain.TimeIntervals;

/// <summary>
/// An inclusive range of whole numbers, <c>"1:5"</c> or a single <c>"7"</c>: weekdays (0 = Sunday … 6 = Saturday, as
/// Alertmanager counts them), days of the month (1…31, or −1…−31 counted back from the month's last day), months
/// (1…12) or years.
/// </summary>
public readonly record struct InclusiveRange(int Begin, int End)
{
    public bool Contains(int value) => value >= Begin && value <= End;

    public override string ToString() => Begin == End ? $"{Begin}" : $"{Begin}:{End}";
}

/// <summary>
/// A time of day range in minutes after local midnight (Alertmanager's <c>times: [{start_time, end_time}]</c>):
/// <see cref="StartMinute"/> inclusive (0…1439), <see cref="EndMinute"/> exclusive (1…1440, where 1440 is 24:00, the
/// end of the day). It never crosses midnight: a night shift is two entries.
/// </summary>
public readonly record struct TimeOfDayRange(int StartMinute, int EndMinute)
{
    public const int MinutesPerDay = 24 * 60;

    /// <summary>True when <paramref name="tickOfDay"/> (ticks after local midnight) lies in
    /// [start, end).</summary>
    public bool Contains(long tickOfDay) =>
        tickOfDay >= StartMinute * TimeSpan.TicksPerMinute && tickOfDay < EndMinute * TimeSpan.TicksPerMinute;

    public override string ToString() => $"{Clock(StartMinute)}-{Clock(EndMinute)}";

    private static string Clock(int minute) => $"{minute / 60:00}:{minute % 60:00}";
}
