namespace AlertActors.Configuration;

/// <summary>Tunables of the alert list projection and its due-alert scheduler.</summary>
public sealed record AlertListProjectorSettings
{
    public int BatchSize { get; init; } = 500;
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan AskTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Rows the projection keeps in memory (the projection's <c>AlertListUpdater</c>).</summary>
    public int CachedRows { get; init; } = DefaultCachedRows;

    /// <summary>Enough for a storm's new alerts to find their row in memory when their delivery outcomes
    /// arrive.</summary>
    public const int DefaultCachedRows = 10_000;

    public DueAlertSchedulerSettings Scheduler { get; init; } = new();
}
