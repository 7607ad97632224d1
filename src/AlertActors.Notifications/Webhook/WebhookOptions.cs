namespace AlertActors.Notifications.Webhook;

/// <summary><c>alertactors.webhook { url, headers { }, attempt-timeout }</c>: a generic JSON webhook.</summary>
public sealed record WebhookOptions
{
    /// <summary>Where to POST; null means dry-run. May carry a secret (a token in the path or query): never
    /// logged.</summary>
    public Uri? Url { get; init; }

    /// <summary>Extra request headers (e.g. <c>Authorization</c>); their values are never logged.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Per-attempt HTTP timeout (<c>attempt-timeout</c>; its default is in hocon/alertactors.conf, as every
    /// default).</summary>
    public required TimeSpan AttemptTimeout { get; init; }

    public override string ToString() =>
        $"WebhookOptions {{ Url = {(Url is null ? "(none)" : "***")}, Headers = [{string.Join(", ", Headers.Keys)}] }}";
}
