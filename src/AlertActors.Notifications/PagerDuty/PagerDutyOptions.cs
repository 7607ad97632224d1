namespace AlertActors.Notifications.PagerDuty;

public sealed record PagerDutyOptions
{
    public Uri Endpoint { get; init; } = new("https://events.pagerduty.com");

    /// <summary>Events API v2 integration key; empty means dry-run.</summary>
    public string RoutingKey { get; init; } = "";

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public override string ToString() => $"PagerDutyOptions {{ Endpoint = {Endpoint}, RoutingKey = {(RoutingKey.Length > 0 ? "***" : "(none)")} }}";
}
