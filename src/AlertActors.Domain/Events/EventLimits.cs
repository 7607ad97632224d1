namespace AlertActors.Domain.Events;

/// <summary>
/// The per-event limits every input applies (docs/http-api.md, README "Limits"): Kafka messages, <c>POST
/// /api/v1/events</c> items, each alert of an Alertmanager webhook (<c>POST /api/v1/alertmanager</c>) and each line of
/// the file input. An event over a limit is refused where it arrives (HTTP 400, Kafka dead-letter topic, file
/// <c>.rejected</c>), so whatever is accepted can be delivered: the provider payload builders cut what remains to each
/// provider's field budgets.
/// </summary>
public static class EventLimits
{
    /// <summary>Bytes of one event's JSON text as received (UTF-8): 64 KiB.</summary>
    public const int MaxEventBytes = 64 * 1024;

    /// <summary>Events (or Alertmanager alerts) in one HTTP request.</summary>
    public const int MaxBatchSize = 1000;

    /// <summary>Characters (UTF-16 units) of <c>id</c>, <c>source</c> and <c>type</c>.</summary>
    public const int MaxIdLength = 256;

    /// <summary>Characters (UTF-16 units) of <c>subject</c>.</summary>
    public const int MaxSubjectLength = 1024;

    /// <summary>Characters (UTF-16 units) of <c>tenant</c>.</summary>
    public const int MaxTenantLength = 128;

    /// <summary>The problem for an event of <paramref name="bytes"/> bytes, or null when it is within
    /// <see cref="MaxEventBytes"/>.</summary>
    public static string? SizeProblem(long bytes, string prefix = "") =>
        bytes > MaxEventBytes ? $"{Where(prefix)}event is {bytes} bytes; the limit is {MaxEventBytes}" : null;

    /// <summary>
    /// Adds a problem (prefixed with <paramref name="prefix"/>, e.g. <c>alerts[3].</c>) for every field of
    /// <paramref name="evt"/> over its limit, worded as the CloudEvents parser words them.
    /// </summary>
    /// <param name="names">How an input calls the fields it maps (e.g. <c>type</c> → <c>labels.alertname</c>); unnamed
    /// fields keep their CloudEvents name.</param>
    /// <returns>True when every field is within its limit.</returns>
    public static bool CheckFields(
        InfraEvent evt,
        string prefix,
        List<string> problems,
        IReadOnlyDictionary<string, string>? names = null
    )
    {
        var before = problems.Count;
        Check("id", evt.Id, MaxIdLength);
        Check("source", evt.Source, MaxIdLength);
        Check("type", evt.Type, MaxIdLength);
        Check("subject", evt.Subject, MaxSubjectLength);
        Check("tenant", evt.Tenant, MaxTenantLength);
        return problems.Count == before;

        void Check(string field, string? value, int max)
        {
            if (LengthProblem(names?.GetValueOrDefault(field) ?? field, value, max, prefix) is { } problem)
                problems.Add(problem);
        }
    }

    /// <summary>The problem for a field longer than <paramref name="max"/> characters, or null.</summary>
    public static string? LengthProblem(string field, string? value, int max, string prefix = "") =>
        value is not null && value.Length > max
            ? $"{prefix}{field}: is {value.Length} characters; the limit is {max}"
            : null;

    private static string Where(string prefix) => prefix.Length == 0 ? "" : prefix.TrimEnd('.') + ": ";
}
