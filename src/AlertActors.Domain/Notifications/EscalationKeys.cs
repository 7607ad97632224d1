using System.Globalization;
using System.Text.RegularExpressions;

namespace AlertActors.Domain.Notifications;

/// <summary>
/// How an escalation step's incident is keyed at a provider (README "Escalation"):
/// <c>&lt;dedup key&gt;/escalation-&lt;step&gt;</c> (PagerDuty's <c>dedup_key</c>, OpsGenie's <c>alias</c>), so it is
/// an incident of its own that never merges with the
/// alert's (which may be on the same service) and is acknowledged and resolved with it.
/// </summary>
public static partial class EscalationKeys
{
    /// <summary>
    /// The alert an incident key a provider names (a webhook's dedup key or alias) is about, and the escalation step
    /// when it is a step's incident (<c>&lt;dedup key&gt;/escalation-&lt;step&gt;</c>, step 1 to 9999); otherwise the
    /// key itself and null. A dedup key that itself ends in <c>/escalation-&lt;number&gt;</c> is read as a step's.
    /// </summary>
    public static (string DedupKey, int? Step) AlertOf(string incidentKey) =>
        StepSuffix().Match(incidentKey) is { Success: true } match
            ? (match.Groups[1].Value, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : (incidentKey, null);

    [GeneratedRegex("^(.+)/escalation-([1-9][0-9]{0,3})$", RegexOptions.CultureInvariant)]
    private static partial Regex StepSuffix();

    /// <summary>The key of the incident <paramref name="request"/> is about: the dedup key, or for an escalation step
    /// <c>&lt;dedup key&gt;/escalation-&lt;step&gt;</c>.</summary>
    public static string IncidentKey(this NotificationRequest request) =>
        request.EscalationStep is { } step ? $"{request.DedupKey}/escalation-{step}" : request.DedupKey;
}
