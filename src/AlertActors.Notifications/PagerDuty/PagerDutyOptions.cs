using AlertActors.Domain.Events;

namespace AlertActors.Notifications.PagerDuty;

public sealed record PagerDutyOptions
{
    /// <summary>The Events API base URL (<c>endpoint</c>; its default is in hocon/alertactors.conf, as every
    /// default).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Events API v2 integration key; empty means dry-run.</summary>
    public string RoutingKey { get; init; } = "";

    /// <summary>Per-attempt HTTP timeout (<c>attempt-timeout</c>; its default is in hocon/alertactors.conf, as every
    /// default).</summary>
    public required TimeSpan AttemptTimeout { get; init; }

    /// <summary>Our severity → PagerDuty's payload.severity (critical, error, warning, info).</summary>
    public IReadOnlyDictionary<Severity, string> SeverityMap { get; init; } = DefaultSeverityMap;

    /// <summary>Routing keys per tenant, used when the rule names none (before
    /// <see cref="RoutingKeysBySeverity"/>).</summary>
    public IReadOnlyDictionary<string, string> RoutingKeysByTenant { get; init; } = new Dictionary<string, string>();

    /// <summary>Routing keys per severity, used when neither the rule nor the tenant names one.</summary>
    public IReadOnlyDictionary<Severity, string> RoutingKeysBySeverity { get; init; } =
        new Dictionary<Severity, string>();

    public static readonly IReadOnlyDictionary<Severity, string> DefaultSeverityMap = new Dictionary<Severity, string>
    {
        [Severity.Critical] = "critical",
        [Severity.High] = "error",
        [Severity.Medium] = "warning",
        [Severity.Low] = "info",
        [Severity.Info] = "info",
    };

    public static readonly IReadOnlySet<string> PagerDutySeverities = new HashSet<string>
    {
        "critical",
        "error",
        "warning",
        "info",
    };

    /// <summary>V3 webhook subscription secret: when set, <c>POST /webhooks/pagerduty</c> needs a valid
    /// <c>X-PagerDuty-Signature</c>.</summary>
    public string WebhookSecret { get; init; } = "";

    public override string ToString() =>
        $"PagerDutyOptions {{ Endpoint = {Endpoint}, RoutingKey = {(RoutingKey.Length > 0 ? "***" : "(none)")}, WebhookSecret = {(WebhookSecret.Length > 0 ? "***" : "(none)")} }}";
}
