using System.Globalization;
using System.Text.RegularExpressions;

namespace AlertActors.Domain.Silences;

/// <summary>Prometheus/amtool-style durations: <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1h30m</c>, <c>1d</c>, <c>1w</c>,
/// <c>500ms</c>.</summary>
public static partial class SilenceDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = text is null ? null : Shape().Match(text.Trim());
        if (match is null || !match.Success)
            return false;
        try
        {
            foreach (Capture part in match.Groups["part"].Captures)
            {
                var unitAt = part.Value.IndexOfAny(['w', 'd', 'h', 'm', 's']);
                var amount = long.Parse(part.Value.AsSpan(0, unitAt), NumberStyles.None, CultureInfo.InvariantCulture);
                duration += part.Value[unitAt..] switch
                {
                    "w" => TimeSpan.FromDays(7 * amount),
                    "d" => TimeSpan.FromDays(amount),
                    "h" => TimeSpan.FromHours(amount),
                    "m" => TimeSpan.FromMinutes(amount),
                    "s" => TimeSpan.FromSeconds(amount),
                    _ => TimeSpan.FromMilliseconds(amount),
                };
            }
            return true;
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentOutOfRangeException)
        {
            duration = TimeSpan.Zero;
            return false;
        }
    }

    /// <summary>The shortest text <see cref="TryParse"/> reads back as the same duration (whole seconds and
    /// up).</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
            return "0s";
        var parts = new List<string>();
        if (duration.Days > 0)
            parts.Add($"{duration.Days}d");
        if (duration.Hours > 0)
            parts.Add($"{duration.Hours}h");
        if (duration.Minutes > 0)
            parts.Add($"{duration.Minutes}m");
        if (duration.Seconds > 0)
            parts.Add($"{duration.Seconds}s");
        return parts.Count == 0 ? $"{duration.Milliseconds}ms" : string.Concat(parts);
    }

    [GeneratedRegex(@"^(?<part>[0-9]{1,9}(ms|w|d|h|m|s))+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
