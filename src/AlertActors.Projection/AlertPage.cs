using AlertActors.Domain.Alerts;

namespace AlertActors.Projection;

/// <summary>One page of the alert list and how many alerts match the filter in all.</summary>
public sealed record AlertPage(IReadOnlyList<AlertState> Alerts, long Total);
