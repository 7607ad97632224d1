namespace AlertActors.Notifications.Slack;

/// <summary><c>alertactors.slack { url, attempt-timeout }</c>: a Slack incoming webhook.</summary>
public sealed record SlackOptions
{
    /// <summary>The incoming-webhook URL; null means dry-run. Its path is the secret: never logged.</summary>
    public Uri? Url { get; init; }

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public override string ToString() => $"SlackOptions {{ Url = {(Url is null ? "(none)" : "***")} }}";
}
