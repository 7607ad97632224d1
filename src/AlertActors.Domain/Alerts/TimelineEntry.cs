namespace AlertActors.Domain.Alerts;

/// <summary>A lifecycle transition of an alert (not every occurrence).</summary>
/// <param name="Via">How an acknowledgement or resolve came (<see cref="ChangeVia"/>: <c>api</c>, <c>event</c>,
/// <c>webhook</c>, <c>auto-resolve</c>, <c>remediation</c>); null on other entries and on entries journaled before it
/// existed (then <see cref="ChangeVia.Of"/> infers it from <paramref name="By"/>).</param>
public sealed record TimelineEntry(DateTimeOffset At, string Change, string? By, string? Note, string? Via = null);
