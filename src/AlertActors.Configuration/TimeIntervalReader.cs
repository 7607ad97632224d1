using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using AlertActors.Domain.TimeIntervals;

namespace AlertActors.Configuration;

using static RuleValues;

/// <summary>
/// Reads <c>alertactors.time-intervals</c> (README "Time windows"; Alertmanager's <c>time_intervals</c>): named
/// intervals, each one entry <c>{ times, weekdays, days-of-month, months, years, location }</c> or a list of them.
/// Every mistake is recorded with its key, all at once
/// (<c>alertactors.time-intervals.business-hours.weekdays[0]: "mondy" names no weekday ...</c>).
/// </summary>
public static class TimeIntervalReader
{
    private const string Where = $"{RuleReader.Prefix}.time-intervals";

    private static readonly string[] EntryKeys = ["times", "weekdays", "days-of-month", "months", "years", "location"];

    private const string Example =
        "time-intervals { business-hours { weekdays = [\"monday:friday\"], times = [\"09:00-17:00\"], location = \"Europe/Berlin\" } }";

    /// <param name="root">The <c>alertactors { }</c> section.</param>
    public static TimeIntervalSet Read(Config root, ConfigProblems problems)
    {
        if (!root.HasPath("time-intervals"))
            return TimeIntervalSet.Empty;
        var value = root.GetValue("time-intervals");
        if (!value.IsObject())
        {
            if (!IsEmptyArray(value))
                problems.Add($"{Where}: must be an object of named intervals: {Example}");
            return TimeIntervalSet.Empty;
        }
        var intervals = new List<TimeInterval>();
        // An interval with a mistake keeps its name (and its good entries): the configuration is refused for the
        // mistake anyway, and a rule that names the interval gets no second problem for it.
        foreach (var (name, interval) in root.GetConfig("time-intervals").AsEnumerable())
            intervals.Add(new TimeInterval(name, EntriesOf(interval, $"{Where}.{name}", problems)));
        return new TimeIntervalSet(intervals);
    }

    private static ImmutableArray<TimeIntervalEntry> EntriesOf(HoconValue value, string where, ConfigProblems problems)
    {
        if (value.IsObject())
            return EntryOf(value.ToConfig(), where, problems) is { } entry ? [entry] : [];
        if (!value.IsList())
        {
            problems.Add($"{where}: must be an entry {{ weekdays = [...], times = [...], ... }} or a list of entries");
            return [];
        }
        if (value.Items().Count == 0)
        {
            problems.Add(
                $"{where}: is an empty list, which never holds; give at least one entry {{ weekdays = [...], times = [...] }} (an entry {{ }} always holds)"
            );
            return [];
        }
        var entries = ImmutableArray.CreateBuilder<TimeIntervalEntry>();
        var index = 0;
        foreach (var item in value.Items())
        {
            var at = $"{where}[{index++}]";
            if (!item.IsObject())
                problems.Add($"{at}: must be an entry {{ weekdays = [...], times = [...], ... }}");
            else if (EntryOf(item.ToConfig(), at, problems) is { } entry)
                entries.Add(entry);
        }
        return entries.ToImmutable();
    }

    /// <summary>One entry; every mistake in it is recorded (null when there is one).</summary>
    private static TimeIntervalEntry? EntryOf(Config entry, string where, ConfigProblems problems)
    {
        var before = problems.Count;
        problems.Try(() => CheckKeys(entry, where, EntryKeys), false);
        var times = ListOf(entry, "times", where, problems, TimeIntervalValues.TimeOfDay);
        var weekdays = ListOf(entry, "weekdays", where, problems, TimeIntervalValues.Weekdays);
        var days = ListOf(entry, "days-of-month", where, problems, TimeIntervalValues.DaysOfMonth);
        var months = ListOf(entry, "months", where, problems, TimeIntervalValues.Months);
        var years = ListOf(entry, "years", where, problems, TimeIntervalValues.Years);
        var location = problems.Try(() => TimeIntervalValues.Location(ScalarOf(entry, "location", where), where), null);
        return problems.Count == before
            ? new TimeIntervalEntry(times, weekdays, days, months, years, location ?? NodaTime.DateTimeZone.Utc)
            : null;
    }

    /// <summary>A list field, each item parsed by <paramref name="parse"/> (which throws <see cref="FormatException"/>
    /// with what is wrong); every bad item is recorded.</summary>
    private static ImmutableArray<T> ListOf<T>(
        Config entry,
        string key,
        string where,
        ConfigProblems problems,
        Func<string, T> parse
    )
    {
        if (!entry.HasPath(key))
            return [];
        var value = entry.GetValue(key);
        if (key == "times" && value.IsList() && value.Items().Any(item => item.IsObject()))
        {
            // Alertmanager writes a range as { start_time, end_time }: say what this file takes instead.
            problems.Add(
                $"{where}.times: write each range as \"HH:MM-HH:MM\", e.g. times = [\"09:00-17:00\"] (Alertmanager's {{ start_time, end_time }} objects are not read)"
            );
            return [];
        }
        var items = problems.Try(() => ScalarList(value, $"{where}.{key}"), null);
        if (items is null)
            return [];
        var result = ImmutableArray.CreateBuilder<T>();
        for (var i = 0; i < items.Count; i++)
        {
            try
            {
                result.Add(parse(items[i].Trim()));
            }
            catch (FormatException ex)
            {
                problems.Add($"{where}.{key}[{i}]: \"{items[i]}\" {ex.Message}");
            }
        }
        return result.ToImmutable();
    }
}
