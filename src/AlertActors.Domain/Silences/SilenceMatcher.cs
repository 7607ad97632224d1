using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.Silences;

/// <summary>
/// One matcher of a silence, over an alert field (dedup_key, tenant, type, subject, severity, rule,
/// source, summary). Placeholder shape; see the silences work for the full operator set.
/// </summary>
public sealed record SilenceMatcher(string Field, string Value)
{
    public bool Matches(AlertState alert) => string.Equals(FieldOf(alert, Field), Value, StringComparison.Ordinal);

    public static string? FieldOf(AlertState alert, string field) => field switch
    {
        "dedup_key" => alert.DedupKey,
        "tenant" => alert.Tenant,
        "type" => alert.Type,
        "subject" => alert.Subject,
        "severity" => alert.Severity.ToString().ToLowerInvariant(),
        "rule" => alert.Rule,
        "source" => alert.Source,
        "summary" => alert.Summary,
        _ => null,
    };
}
