namespace AlertActors.Domain.Silences;

/// <summary>Where a silence stands at a given time: not started, in force, or over.</summary>
public enum SilenceStatus
{
    Pending,
    Active,
    Expired,
}

public static class SilenceStatusNames
{
    public static readonly IReadOnlyList<string> All = ["active", "pending", "expired"];

    public static string ToName(this SilenceStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out SilenceStatus status)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "active":
                status = SilenceStatus.Active;
                return true;
            case "pending":
                status = SilenceStatus.Pending;
                return true;
            case "expired":
                status = SilenceStatus.Expired;
                return true;
            default:
                status = default;
                return false;
        }
    }
}
