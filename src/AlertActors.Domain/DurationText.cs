using System.Globalization;

namespace AlertActors.Domain;

/// <summary>How a duration is written for people, in the configuration's own units: <c>2s</c>, <c>15m</c>,
/// <c>1.5h</c>, <c>250ms</c>.</summary>
public static class DurationText
{
    /// <summary><paramref name="duration"/> in the largest unit that writes it exactly (h, m, s), else in seconds or
    /// milliseconds with up to three decimals.</summary>
    public static string Format(TimeSpan duration)
    {
        var whole = duration.Milliseconds == 0 && duration.Seconds == 0;
        var (value, unit) =
            duration.TotalHours >= 1 && whole && duration.Minutes == 0 ? (duration.TotalHours, "h")
            : duration.TotalMinutes >= 1 && whole ? (duration.TotalMinutes, "m")
            : duration.TotalSeconds >= 1 ? (duration.TotalSeconds, "s")
            : (duration.TotalMilliseconds, "ms");
        return value.ToString("0.###", CultureInfo.InvariantCulture) + unit;
    }
}
