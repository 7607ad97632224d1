namespace AlertActors.Notifications.PagerDuty;

public sealed record PagerDutyOptions
{
    public Uri Endpoint { get; init; } = new("https://events.pagerduty.com");

    /// <summary>Events API v2 integration key; empty means dry-run.</summary>
    public string RoutingKey { get; init; } = "";

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>V3 webhook subscription secret: when set, <c>POST /webhooks/pagerduty</c> needs a valid <c>X-PagerDuty-Signature</c>.</summary>
    public string WebhookSecret { get; init; } = "";

    public override string ToString() => $"PagerDutyOptions {{ Endpoint = {Endpoint}, RoutingKey = {(RoutingKey.Length > 0 ? "***" : "(none)")}, WebhookSecret = {(WebhookSecret.Length > 0 ? "***" : "(none)")} }}";
}
