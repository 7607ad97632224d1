namespace AlertActors.Domain.Rules;

/// <summary>
/// A rule's <c>remediation { webhook, max-attempts, timeout, page }</c> (README "Remediation"), as the alert keeps it:
/// journaled with the alert's policy, so it holds no secret. The webhook URL (which may carry a token) stays in the
/// configuration (<see cref="AlertRule.RemediationWebhook"/>) and the signing secret in
/// <c>alertactors.remediation.secret</c>.
/// </summary>
/// <param name="MaxAttempts">How many calls to the endpoint at most per firing period, 1 to
/// <see cref="MostAttempts"/>.</param>
/// <param name="Timeout">How long one call may take before it counts as a failed attempt: more than zero, at most
/// <see cref="LongestTimeout"/>.</param>
/// <param name="Page">Whether the page waits for remediation to fail (<see cref="RemediationPage.AfterRemediation"/>)
/// or goes out at once beside it.</param>
public sealed record RemediationPolicy(int MaxAttempts, TimeSpan Timeout, RemediationPage Page)
{
    public const int DefaultMaxAttempts = 3;
    public const int MostAttempts = 10;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestTimeout = TimeSpan.FromMinutes(5);
}

/// <summary>When a rule with remediation pages (<c>remediation.page</c>).</summary>
public enum RemediationPage
{
    /// <summary><c>after-remediation</c> (the default): the trigger notifications are held while remediation runs and
    /// go out only when its last attempt failed; a success resolves the alert and nobody is paged.</summary>
    AfterRemediation = 0,

    /// <summary><c>immediately</c>: the trigger notifications go out at once; remediation runs beside them.</summary>
    Immediately = 1,
}

/// <summary>The configuration names of <see cref="RemediationPage"/>.</summary>
public static class RemediationPageNames
{
    public const string AfterRemediation = "after-remediation";
    public const string Immediately = "immediately";

    public static string ToName(this RemediationPage page) =>
        page == RemediationPage.Immediately ? Immediately : AfterRemediation;
}
