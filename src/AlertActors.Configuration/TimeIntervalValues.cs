using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Configuration;
using AlertActors.Domain.TimeIntervals;
using NodaTime;

namespace AlertActors.Configuration;

/// <summary>
/// The values of a time interval entry, as Alertmanager writes and checks them (its configuration's
/// <c>time_intervals</c>): each parser takes one list item and throws <see cref="FormatException"/> whose message
/// completes <c>"&lt;item&gt;" ...</c>, e.g. <c>is not a weekday; use sunday ... saturday</c>.
/// </summary>
internal static partial class TimeIntervalValues
{
    private static readonly string[] WeekdayNames =
    [
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
    ];

    private static readonly string[] MonthNames =
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];

    /// <summary><c>"HH:MM-HH:MM"</c>: start inclusive (00:00…23:59), end exclusive (00:01…24:00), within one
    /// day.</summary>
    internal static TimeOfDayRange TimeOfDay(string text)
    {
        if (TimeRange().Match(text) is not { Success: true } m)
            throw new FormatException("is not a time range \"HH:MM-HH:MM\" such as \"09:00-17:00\"");
        var start = Minute(m.Groups[1].Value, m.Groups[2].Value, text);
        var end = Minute(m.Groups[3].Value, m.Groups[4].Value, text);
        if (start >= TimeOfDayRange.MinutesPerDay)
            throw new FormatException("starts at 24:00; a range starts at 23:59 at the latest");
        if (end <= start)
            throw new FormatException(
                end == start
                    ? "is empty: the end is exclusive, so it must be after the start"
                    : $"ends before it starts; a range cannot cross midnight: write \"{m.Groups[1].Value}:{m.Groups[2].Value}-24:00\" and \"00:00-{m.Groups[3].Value}:{m.Groups[4].Value}\" (the latter in an entry for the next days)"
            );
        return new TimeOfDayRange(start, end);
    }

    private static int Minute(string hours, string minutes, string text)
    {
        var h = int.Parse(hours, CultureInfo.InvariantCulture);
        var m = int.Parse(minutes, CultureInfo.InvariantCulture);
        if (m > 59 || h > 24 || h == 24 && m > 0)
            throw new FormatException($"has no such time of day as {hours}:{minutes} (00:00 to 24:00)");
        return h * 60 + m;
    }

    /// <summary><c>"monday"</c> or <c>"monday:friday"</c> (inclusive); the week begins on Sunday, as in
    /// Alertmanager.</summary>
    internal static InclusiveRange Weekdays(string text) =>
        Range(
            text,
            new("weekday", "use sunday, monday, tuesday, wednesday, thursday, friday or saturday"),
            part => Array.IndexOf(WeekdayNames, part.ToLowerInvariant()) is var i and >= 0 ? i : null,
            "ends before it starts; the week begins on sunday (as in Alertmanager), so write e.g. \"monday:saturday\" and \"sunday\" as two items"
        );

    /// <summary><c>"1"</c>, <c>"1:5"</c>, <c>"-1"</c> (the last day) or <c>"-3:-1"</c>; checked as Alertmanager
    /// does.</summary>
    internal static InclusiveRange DaysOfMonth(string text)
    {
        var range = Range(
            text,
            new("day of the month", "use 1 to 31, or -1 (the last day) to -31"),
            part =>
                int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var day)
                && day != 0
                && day is >= -31 and <= 31
                    ? day
                    : null,
            endBeforeBegin: null
        );
        if (range.Begin < 0 && range.End > 0)
            throw new FormatException(
                "counts from the month's end at its start but not at its end; write e.g. \"-7:-1\""
            );
        // Negative days compared in the shortest month (28 days), as Alertmanager does.
        var begin = range.Begin < 0 ? 28 + range.Begin : range.Begin;
        var end = range.End < 0 ? 28 + range.End : range.End;
        return begin <= end ? range : throw new FormatException("ends before it starts");
    }

    /// <summary><c>"january"</c>, <c>"1"</c>, <c>"january:march"</c> or <c>"1:3"</c>.</summary>
    internal static InclusiveRange Months(string text) =>
        Range(
            text,
            new("month", "use january ... december or 1 ... 12"),
            part =>
                Array.IndexOf(MonthNames, part.ToLowerInvariant()) is var i and >= 0 ? i + 1
                : int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var month)
                && month is >= 1 and <= 12
                    ? month
                : null,
            "ends before it starts; a range of months stays within a year: write \"november:december\" and \"january:february\""
        );

    /// <summary><c>"2026"</c> or <c>"2026:2027"</c>.</summary>
    internal static InclusiveRange Years(string text) =>
        Range(
            text,
            new("year", "use e.g. 2026"),
            part =>
                int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                && year is >= 1 and <= 9999
                    ? year
                    : null,
            "ends before it starts"
        );

    /// <summary>An IANA time zone (NodaTime's tz database, the same on every node whatever the host has); null:
    /// UTC.</summary>
    /// <exception cref="ConfigurationException">Not a zone of the tz database.</exception>
    internal static DateTimeZone? Location(string? text, string where)
    {
        if (text is null)
            return null;
        var id = text.Trim();
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is { } zone)
            return zone;
        var hint =
            string.Equals(id, "Local", StringComparison.OrdinalIgnoreCase)
                ? "name the zone instead (e.g. Europe/Berlin): the nodes of a cluster may run in different local zones"
            : UnknownKeys.Closest(id, DateTimeZoneProviders.Tzdb.Ids) is { } close ? $"did you mean {close}?"
            : "use an IANA zone such as Europe/Berlin, America/New_York or UTC";
        throw new ConfigurationException($"{where}.location: \"{text}\" is not a time zone; {hint}");
    }

    /// <summary>What a range's sides are, and how to write one, for its problems.</summary>
    private sealed record Kind(string Name, string Use);

    /// <summary>
    /// <c>"a"</c> or <c>"a:b"</c>, each side read by <paramref name="side"/> (null: not one of
    /// <paramref name="kind"/>); <paramref name="endBeforeBegin"/> says why a range that ends before it begins is
    /// wrong (null: the caller checks).
    /// </summary>
    private static InclusiveRange Range(string text, Kind kind, Func<string, int?> side, string? endBeforeBegin)
    {
        var parts = text.Split(':').Select(p => p.Trim()).ToArray();
        if (parts.Length > 2 || parts.Any(p => p.Length == 0))
            throw new FormatException($"is not a {kind.Name} or a range \"begin:end\"; {kind.Use}");
        var sides = parts
            .Select(part =>
                side(part)
                ?? throw new FormatException(
                    parts.Length == 1
                        ? $"is not a {kind.Name}; {kind.Use}"
                        : $"names no {kind.Name} \"{part}\"; {kind.Use}"
                )
            )
            .ToArray();
        var range = new InclusiveRange(sides[0], sides[^1]);
        return endBeforeBegin is not null && range.End < range.Begin
            ? throw new FormatException(endBeforeBegin)
            : range;
    }

    [GeneratedRegex(@"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeRange();
}
