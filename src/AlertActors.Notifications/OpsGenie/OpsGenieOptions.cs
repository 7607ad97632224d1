namespace AlertActors.Notifications.OpsGenie;

public sealed record OpsGenieOptions
{
    public Uri Endpoint { get; init; } = new("https://api.opsgenie.com");

    /// <summary>API integration key; empty means dry-run.</summary>
    public string ApiKey { get; init; } = "";

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Shared token: when set, <c>POST /webhooks/opsgenie</c> needs it (header or query, see the README).</summary>
    public string WebhookToken { get; init; } = "";

    /// <summary>Heartbeat to ping (<c>GET {endpoint}/v2/heartbeats/{name}/ping</c>); empty = no heartbeat.</summary>
    public string HeartbeatName { get; init; } = "";

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>True when a heartbeat name and an API key are both configured.</summary>
    public bool HeartbeatEnabled => HeartbeatName.Length > 0 && ApiKey.Length > 0;

    public override string ToString() =>
        $"OpsGenieOptions {{ Endpoint = {Endpoint}, ApiKey = {(ApiKey.Length > 0 ? "***" : "(none)")}, WebhookToken = {(WebhookToken.Length > 0 ? "***" : "(none)")}, Heartbeat = {(HeartbeatName.Length > 0 ? $"{HeartbeatName} every {HeartbeatInterval}" : "(none)")} }}";
}
