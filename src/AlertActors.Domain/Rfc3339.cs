using System.Globalization;

namespace AlertActors.Domain;

/// <summary>How a time is written for people (timeline notes, problems, reports, the postmortem timeline): RFC 3339
/// in UTC to the second, <c>2026-11-23T03:00:02Z</c>.</summary>
public static class Rfc3339
{
    /// <summary><paramref name="at"/> in UTC, to the second (the fraction is dropped).</summary>
    public static string Format(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
