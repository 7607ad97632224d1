using Akka.Configuration;
using AlertActors.Notifications.Remediation;

namespace AlertActors.Configuration;

/// <summary>
/// Reads <c>alertactors.remediation { secret, api-url }</c> (README "Remediation"): the signing secret
/// (ALERTACTORS_REMEDIATION_SECRET overrides it) and the base URL of the HTTP API an endpoint may resolve an alert
/// through. A rule with remediation and no secret is a problem of the rule (<see cref="RuleReader"/>).
/// </summary>
public static class RemediationSettingsReader
{
    /// <param name="root">The <c>alertactors { }</c> section.</param>
    /// <param name="problems">Receives an <c>api-url</c> that is not an absolute http(s) URL.</param>
    public static RemediationOptions Read(Config root, ConfigProblems problems)
    {
        var apiUrl = root.GetString("remediation.api-url", "")?.Trim() ?? "";
        Uri? baseUrl = null;
        if (apiUrl.Length > 0)
        {
            if (Uri.TryCreate(apiUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
                baseUrl = uri;
            else
                problems.Add(
                    $"alertactors.remediation.api-url: \"{apiUrl}\" is not an absolute http or https URL (e.g. http://alertactors.example:8080)"
                );
        }
        return new RemediationOptions { Secret = SecretOf(root), ApiBaseUrl = baseUrl };
    }

    /// <summary>The signing secret, trimmed; empty when none is configured.</summary>
    public static string SecretOf(Config root) => root.GetString(RuleReader.RemediationSecretKey, "")?.Trim() ?? "";
}
