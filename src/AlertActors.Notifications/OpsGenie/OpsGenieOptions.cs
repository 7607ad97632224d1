using System.Collections.Immutable;
using AlertActors.Domain.Events;

namespace AlertActors.Notifications.OpsGenie;

public sealed record OpsGenieOptions
{
    /// <summary>The Alert API base URL (<c>endpoint</c>; its default is in hocon/alertactors.conf, as every
    /// default).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>API integration key; empty means dry-run.</summary>
    public string ApiKey { get; init; } = "";

    /// <summary>Per-attempt HTTP timeout (<c>attempt-timeout</c>; its default is in hocon/alertactors.conf, as every
    /// default).</summary>
    public required TimeSpan AttemptTimeout { get; init; }

    /// <summary>Our severity → OpsGenie priority (P1..P5).</summary>
    public IReadOnlyDictionary<Severity, string> PriorityMap { get; init; } = DefaultPriorityMap;

    /// <summary>Responders added per tenant (with the rule's and the severity's).</summary>
    public IReadOnlyDictionary<string, ImmutableArray<string>> RespondersByTenant { get; init; } =
        new Dictionary<string, ImmutableArray<string>>();

    /// <summary>Responders added per severity.</summary>
    public IReadOnlyDictionary<Severity, ImmutableArray<string>> RespondersBySeverity { get; init; } =
        new Dictionary<Severity, ImmutableArray<string>>();

    public static readonly IReadOnlyDictionary<Severity, string> DefaultPriorityMap = new Dictionary<Severity, string>
    {
        [Severity.Critical] = "P1",
        [Severity.High] = "P2",
        [Severity.Medium] = "P3",
        [Severity.Low] = "P4",
        [Severity.Info] = "P5",
    };

    /// <summary>The rule's responders, then the tenant's, then the severity's, without repeats.</summary>
    public ImmutableArray<string> RespondersFor(
        string tenant,
        Severity severity,
        ImmutableArray<string> ruleResponders
    ) =>
        [
            .. (ruleResponders.IsDefault ? [] : ruleResponders)
                .Concat(RespondersByTenant.GetValueOrDefault(tenant, []))
                .Concat(RespondersBySeverity.GetValueOrDefault(severity, []))
                .Distinct(StringComparer.Ordinal),
        ];

    /// <summary>Shared token: when set, <c>POST /webhooks/opsgenie</c> needs it (header or query, see the
    /// README).</summary>
    public string WebhookToken { get; init; } = "";

    /// <summary>Heartbeat to ping (<c>GET {endpoint}/v2/heartbeats/{name}/ping</c>); empty = no heartbeat.</summary>
    public string HeartbeatName { get; init; } = "";

    /// <summary>How often the heartbeat is pinged (<c>heartbeat.interval</c>).</summary>
    public required TimeSpan HeartbeatInterval { get; init; }

    /// <summary>True when a heartbeat name and an API key are both configured.</summary>
    public bool HeartbeatEnabled => HeartbeatName.Length > 0 && ApiKey.Length > 0;

    public override string ToString() =>
        $"OpsGenieOptions {{ Endpoint = {Endpoint}, ApiKey = {(ApiKey.Length > 0 ? "***" : "(none)")}, WebhookToken = {(WebhookToken.Length > 0 ? "***" : "(none)")}, Heartbeat = {(HeartbeatName.Length > 0 ? $"{HeartbeatName} every {HeartbeatInterval}" : "(none)")} }}";
}
