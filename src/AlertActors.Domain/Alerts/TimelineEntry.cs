namespace AlertActors.Domain.Alerts;

/// <summary>A lifecycle transition of an alert (not every occurrence).</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Change, string? By, string? Note);
