namespace AlertActors.Notifications.OpsGenie;

public sealed record OpsGenieOptions
{
    public Uri Endpoint { get; init; } = new("https://api.opsgenie.com");

    /// <summary>API integration key; empty means dry-run.</summary>
    public string ApiKey { get; init; } = "";

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public override string ToString() => $"OpsGenieOptions {{ Endpoint = {Endpoint}, ApiKey = {(ApiKey.Length > 0 ? "***" : "(none)")} }}";
}
