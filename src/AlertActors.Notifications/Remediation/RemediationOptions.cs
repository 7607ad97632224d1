namespace AlertActors.Notifications.Remediation;

/// <summary>
/// <c>alertactors.remediation { secret }</c> (README "Remediation"): what the remediation provider needs beyond each
/// rule's <c>remediation { }</c> block.
/// </summary>
public sealed record RemediationOptions
{
    public static readonly RemediationOptions None = new();

    /// <summary>The key of the HMAC-SHA256 signature of each call (<c>X-AlertActors-Signature</c>); empty when none is
    /// configured (check-config then refuses every rule with remediation). Never logged, shown or journaled.</summary>
    public string Secret { get; init; } = "";

    /// <summary>The base URL of this node's HTTP API (e.g. <c>http://127.0.0.1:8080</c>), from which the body's
    /// <c>resolve_url</c> is made; null: the body has none.</summary>
    public Uri? ApiBaseUrl { get; init; }

    public override string ToString() =>
        $"RemediationOptions {{ Secret = {(Secret.Length > 0 ? "***" : "(none)")}, ApiBaseUrl = {ApiBaseUrl} }}";
}
