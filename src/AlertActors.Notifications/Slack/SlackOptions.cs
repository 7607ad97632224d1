namespace AlertActors.Notifications.Slack;

/// <summary><c>alertactors.slack { url, attempt-timeout }</c>: a Slack incoming webhook.</summary>
public sealed record SlackOptions
{
    /// <summary>The incoming-webhook URL; null means dry-run. Its path is the secret: never logged.</summary>
    public Uri? Url { get; init; }

    /// <summary>Per-attempt HTTP timeout (<c>attempt-timeout</c>; its default is in hocon/alertactors.conf, as every
    /// default).</summary>
    public required TimeSpan AttemptTimeout { get; init; }

    public override string ToString() => $"SlackOptions {{ Url = {(Url is null ? "(none)" : "***")} }}";
}
