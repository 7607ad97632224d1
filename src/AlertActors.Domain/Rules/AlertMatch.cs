using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.Rules;

/// <summary>An event matched by a rule: the alert it feeds and the occurrence to record there.</summary>
public sealed record AlertMatch(string DedupKey, Occurrence Occurrence);
