namespace AlertActors.Domain.Events;

/// <summary>Event and alert severity, ordered from least to most urgent.</summary>
public enum Severity
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

public static class SeverityNames
{
    public static readonly IReadOnlyList<string> All = ["critical", "high", "medium", "low", "info"];

    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "critical":
                severity = Severity.Critical;
                return true;
            case "high":
                severity = Severity.High;
                return true;
            case "medium":
                severity = Severity.Medium;
                return true;
            case "low":
                severity = Severity.Low;
                return true;
            case "info":
                severity = Severity.Info;
                return true;
            default:
                severity = Severity.Info;
                return false;
        }
    }

    public static string ToName(this Severity severity) => severity.ToString().ToLowerInvariant();
}
