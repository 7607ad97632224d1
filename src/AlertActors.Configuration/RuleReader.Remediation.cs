using Akka.Configuration;
using Akka.Configuration.Hocon;
using AlertActors.Domain;
using AlertActors.Domain.Rules;

namespace AlertActors.Configuration;

using static RuleValues;

/// <summary>
/// Reads a rule's <c>remediation { webhook = "https://...", max-attempts = 3, timeout = 30s, page = after-remediation }
/// </c> (README "Remediation"). Every mistake in the block is recorded at once; so are a grouped rule with
/// remediation and remediation without <c>alertactors.remediation.secret</c> (ALERTACTORS_REMEDIATION_SECRET), the
/// key that signs each call. The same messages come from check-config, the HOCON file and the rules API.
/// </summary>
public static partial class RuleReader
{
    private const string Remediation = "remediation";
    private static readonly string[] RemediationKeys = ["webhook", "max-attempts", "timeout", "page"];

    /// <summary>The key of the signing secret under <c>alertactors</c>.</summary>
    public const string RemediationSecretKey = "remediation.secret";

    /// <summary>The rule's remediation (its journaled policy and its webhook), or null when it has none or the block
    /// has a mistake (each recorded in <paramref name="problems"/>).</summary>
    /// <exception cref="ConfigurationException"><c>remediation</c> is not an object.</exception>
    private static (RemediationPolicy Policy, Uri Webhook)? RemediationOf(
        Config rule,
        string where,
        ConfigProblems problems
    )
    {
        if (ObjectOf(rule, Remediation, where, RemediationKeys, problems) is not { } block)
            return null;
        where = $"{where}.{Remediation}";
        var before = problems.Count;
        var webhook = problems.Try(() => WebhookOf(block, where), null);
        var maxAttempts = problems.Try(() => MaxAttemptsOf(block, where), RemediationPolicy.DefaultMaxAttempts);
        var timeout = problems.Try(() => RemediationTimeoutOf(block, where), RemediationPolicy.DefaultTimeout);
        var page = problems.Try(() => PageOf(block, where), RemediationPage.AfterRemediation);
        return problems.Count == before && webhook is not null
            ? (new RemediationPolicy(maxAttempts, timeout, page), webhook)
            : null;
    }

    /// <summary>
    /// <paramref name="rule"/> (read from <paramref name="item"/>) with its <c>remediation</c> block, if it has one.
    /// Every mistake is recorded, and also what the rule needs beyond the block, judged even when the block has
    /// mistakes: no grouping (remediation is per alert) and a signing secret.
    /// </summary>
    /// <param name="root">The <c>alertactors { }</c> section (its <c>remediation.secret</c>).</param>
    private static AlertRule WithRemediation(
        Config root,
        HoconValue item,
        AlertRule rule,
        string where,
        ConfigProblems problems
    )
    {
        if (!item.IsObject() || !item.ToConfig().HasPath(Remediation))
            return rule;
        where = rule.Name.Length > 0 ? $"{where} ({rule.Name})" : where;
        var remediation = problems.Try(() => RemediationOf(item.ToConfig(), where, problems), null);
        CheckRemediation(root, rule, $"{where}.{Remediation}", problems);
        return remediation is { } read
            ? rule with
            {
                Policy = rule.Policy with { Remediation = read.Policy },
                RemediationWebhook = read.Webhook,
            }
            : rule;
    }

    private static void CheckRemediation(Config root, AlertRule rule, string where, ConfigProblems problems)
    {
        if (rule.Group.IsGrouped)
            problems.Add(
                $"{where}: remediation is per alert; a grouped rule cannot have it (remove group or remediation)"
            );
        if (!root.HasPath(RemediationSecretKey) || string.IsNullOrWhiteSpace(root.GetString(RemediationSecretKey)))
            problems.Add(
                $"{where}: needs {Prefix}.{RemediationSecretKey} (or ALERTACTORS_REMEDIATION_SECRET), the key that signs each call"
            );
    }

    private static Uri WebhookOf(Config block, string where)
    {
        var text = ScalarOf(block, "webhook", where)?.Trim();
        if (string.IsNullOrEmpty(text))
            throw Error($"{where}.webhook", "is required: the absolute http(s) URL of the remediation endpoint");
        // The URL may carry a token: a problem never repeats it.
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw Error($"{where}.webhook", "is not an absolute http or https URL");
    }

    private static int MaxAttemptsOf(Config block, string where)
    {
        var attempts = IntOf(block, "max-attempts", where) ?? RemediationPolicy.DefaultMaxAttempts;
        return attempts is >= 1 and <= RemediationPolicy.MostAttempts
            ? attempts
            : throw Error(
                $"{where}.max-attempts",
                $"{attempts} is not between 1 and {RemediationPolicy.MostAttempts} (calls per firing period)"
            );
    }

    private static TimeSpan RemediationTimeoutOf(Config block, string where)
    {
        const string means = "the time one call may take, at most 5m";
        var timeout = DurationOf(block, "timeout", where, means) ?? RemediationPolicy.DefaultTimeout;
        if (timeout == TimeSpan.Zero)
            throw Error($"{where}.timeout", $"must be more than 0: {means}");
        return timeout <= RemediationPolicy.LongestTimeout
            ? timeout
            : throw Error($"{where}.timeout", $"{DurationText.Format(timeout)} is longer than 5m; {means}");
    }

    private static RemediationPage PageOf(Config block, string where) =>
        ScalarOf(block, "page", where)?.Trim().ToLowerInvariant() switch
        {
            null or RemediationPageNames.AfterRemediation => RemediationPage.AfterRemediation,
            RemediationPageNames.Immediately => RemediationPage.Immediately,
            var other => throw Error(
                $"{where}.page",
                $"\"{other}\" is not one of {RemediationPageNames.AfterRemediation}, {RemediationPageNames.Immediately}"
            ),
        };
}
