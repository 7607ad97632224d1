using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using AlertActors.Domain.Events;
using AlertActors.Domain.Groups;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.TimeIntervals;

namespace AlertActors.Configuration;

using static RuleValues;

/// <summary>
/// Reads <c>alertactors.lists</c>, <c>alertactors.defaults</c> and <c>alertactors.rules</c> (docs/configuration.md
/// "Rules") into a <see cref="RuleSet"/>. Every mistake fails start-up with a <see cref="ConfigurationException"/>
/// naming the rule and the key: <c>alertactors.rules[2] (rogue-mac).match.all[1].op: ...</c>.
/// </summary>
public static partial class RuleReader
{
    public const string Prefix = "alertactors";

    private static readonly string[] DefaultsKeys =
    [
        "min-severity",
        "dedup-key",
        "summary",
        "threshold",
        "throttle",
        "repeat-interval",
        "auto-resolve-after",
        "providers",
        "group",
        ActiveDuring,
        "escalation",
    ];

    private static readonly string[] RuleTailKeys = ["route", "change-event", Remediation];
    private static readonly string[] RuleKeys = ["name", "match", "severity", .. DefaultsKeys, .. RuleTailKeys];

    private static readonly string[] ThresholdKeys = ["count", "window"];
    private static readonly string[] ThrottleKeys = ["cooldown", "max-per-hour"];
    private static readonly string[] ProviderRouteKeys = [ProviderNames.PagerDuty, ProviderNames.OpsGenie];
    private static readonly string[] RouteKeys = [.. ProviderRouteKeys, MuteDuring];
    private static readonly string[] PagerDutyRouteKeys = ["routing-key"];
    private static readonly string[] OpsGenieRouteKeys = ["responders", "tags"];
    private static readonly string[] KnownProviders =
    [
        ProviderNames.PagerDuty,
        ProviderNames.OpsGenie,
        ProviderNames.Webhook,
        ProviderNames.Slack,
    ];

    /// <summary>What every rule inherits from <c>alertactors.defaults</c>.</summary>
    private sealed record Defaults(
        Severity MinSeverity,
        string DedupKey,
        FieldTemplate Summary,
        ImmutableArray<string> Providers,
        AlertPolicy Policy,
        GroupPolicy Group
    )
    {
        /// <summary><c>active-during</c>: the time interval names a rule is active in (empty: always).</summary>
        public ImmutableArray<string> ActiveDuring { get; init; } = [];

        /// <summary>The route of each escalation step of <see cref="Policy"/>.</summary>
        public ImmutableArray<AlertRoute> EscalationRoutes { get; init; } = [];
    }

    /// <param name="root">The <c>alertactors { }</c> section.</param>
    /// <param name="problems">Receives every mistake; a rule with mistakes is left out of the result.</param>
    public static RuleSet Read(Config root, ConfigProblems problems)
    {
        var lists = problems.Try(
            () => ReadLists(root),
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        );
        var intervals = TimeIntervalReader.Read(root, problems);
        var defaults = problems.Try(
            () => ReadDefaults(root, problems, ShippedDefaults.Value, intervals),
            ShippedDefaults.Value
        );

        var rules = root.HasPath("rules") ? root.GetValue("rules") : null;
        if (rules is null || IsEmptyArray(rules))
            return new RuleSet([ImplicitRule(defaults)]) { Intervals = intervals };
        if (!rules.IsList())
        {
            problems.Add(
                $"{Prefix}.rules: must be a list of rules: rules = [ {{ name = ..., match {{ all = [...] }} }}, ... ]"
            );
            return new RuleSet([]);
        }

        var result = new List<AlertRule>();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var item in rules.Items())
        {
            var before = problems.Count;
            var rule = ReadRule(item, $"{Prefix}.rules[{index}]", defaults, lists, names, intervals, problems);
            rule = rule is null ? null : WithRemediation(root, item, rule, $"{Prefix}.rules[{index}]", problems);
            if (rule is not null && problems.Count == before)
                result.Add(rule);
            index++;
        }
        return new RuleSet(result) { Intervals = intervals };
    }

    /// <summary>
    /// <c>alertactors.defaults</c> as shipped in hocon/alertactors.conf (<see cref="ReferenceConfig"/>), the one place
    /// those defaults are written: they stand in for a key of the configuration's <c>defaults</c> that is wrong.
    /// </summary>
    /// <exception cref="InvalidOperationException">The shipped file's <c>defaults</c> has a problem (a build
    /// defect).</exception>
    private static readonly Lazy<Defaults> ShippedDefaults = new(() =>
    {
        var problems = new ConfigProblems();
        var shipped = ReadDefaults(ReferenceConfig.Section, problems, fallback: null, TimeIntervalSet.Empty);
        return problems.Count == 0
            ? shipped
            : throw new InvalidOperationException($"hocon/alertactors.conf: {string.Join("; ", problems.Items)}");
    });

    private static AlertRule ImplicitRule(Defaults defaults) =>
        new(
            RuleSet.ImplicitRuleName,
            Match: null,
            defaults.MinSeverity,
            new FieldTemplate(defaults.DedupKey),
            defaults.Summary,
            SeverityOverride: null,
            defaults.Providers,
            defaults.Policy,
            AlertRoute.Default
        )
        {
            Group = defaults.Group,
            ActiveDuring = defaults.ActiveDuring,
            EscalationRoutes = defaults.EscalationRoutes,
        };

    // ---- lists ----------------------------------------------------------------------------------------

    internal static Dictionary<string, IReadOnlyList<string>> ReadLists(Config root)
    {
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!root.HasPath("lists"))
            return lists;
        var value = root.GetValue("lists");
        if (!value.IsObject() && !IsEmptyArray(value))
            throw Error(
                $"{Prefix}.lists",
                "must be an object of named lists: lists { known-macs = [\"aa:bb:cc:dd:ee:ff\", ...] }"
            );
        if (!value.IsObject())
            return lists;
        foreach (var (name, list) in root.GetConfig("lists").AsEnumerable())
            lists[name] = ScalarList(list, $"{Prefix}.lists.{name}");
        return lists;
    }

    // ---- defaults -------------------------------------------------------------------------------------

    /// <param name="fallback">What stands in for a wrong key; null only while reading the shipped defaults
    /// themselves.</param>
    /// <param name="intervals">The named time intervals <c>active-during</c> may name.</param>
    private static Defaults ReadDefaults(
        Config root,
        ConfigProblems problems,
        Defaults? fallback,
        TimeIntervalSet intervals
    )
    {
        const string where = $"{Prefix}.defaults";
        if (!root.HasPath("defaults") || !root.GetValue("defaults").IsObject())
            throw Error(where, "is missing; it must be an object { min-severity = ..., dedup-key = ..., ... }");
        var defaults = root.GetConfig("defaults");
        problems.Try(() => CheckKeys(defaults, where, DefaultsKeys), false);

        // While the shipped defaults are read (fallback null), every key is there and valid, or the read throws above.
        var minSeverity =
            problems.Try(() => SeverityOf(defaults, "min-severity", where), null) ?? fallback!.MinSeverity;
        var dedupKey = problems.Try(() => TemplateOf(defaults, "dedup-key", where), null)?.Text ?? fallback!.DedupKey;
        var summary = problems.Try(() => TemplateOf(defaults, "summary", where), null) ?? fallback!.Summary;
        var providers = problems.Try(() => ProvidersOf(defaults, where), null) ?? fallback!.Providers;
        var basePolicy = fallback?.Policy ?? AlertPolicy.Default;
        var policy = problems.Try(() => PolicyOf(defaults, where, basePolicy, problems), basePolicy);
        var baseGroup = fallback?.Group ?? GroupPolicy.Ungrouped;
        var group = problems.Try(() => GroupOf(defaults, where, baseGroup, problems), baseGroup);
        var (escalating, routes) = WithEscalation(
            defaults,
            where,
            policy,
            fallback?.EscalationRoutes ?? [],
            group,
            problems
        );
        return new Defaults(minSeverity, dedupKey, summary, providers, escalating, group)
        {
            ActiveDuring =
                problems.Try(() => IntervalNamesOf(defaults, ActiveDuring, where, intervals, problems), null)
                ?? fallback?.ActiveDuring
                ?? [],
            EscalationRoutes = routes,
        };
    }

    // ---- rules ----------------------------------------------------------------------------------------

    /// <summary>One rule; every mistake in it is recorded (null when it cannot be read at all).</summary>
    private static AlertRule? ReadRule(
        HoconValue item,
        string where,
        Defaults defaults,
        Dictionary<string, IReadOnlyList<string>> lists,
        Dictionary<string, string> names,
        TimeIntervalSet intervals,
        ConfigProblems problems
    )
    {
        if (!item.IsObject())
        {
            problems.Add($"{where}: must be an object {{ name = ..., match {{ all = [...] }}, ... }}");
            return null;
        }
        var rule = item.ToConfig();
        var name = problems.Try(() => NameOf(rule, where, names), null);
        if (name is not null)
            where = $"{where} ({name})";
        problems.Try(() => CheckKeys(rule, where, RuleKeys), false);

        var match = rule.HasPath("match")
            ? problems.Try(
                () => RuleConditionReader.ReadMatch(rule.GetValue("match"), $"{where}.match", lists, problems),
                null
            )
            : null;
        // A rule that keeps the defaults' dedup key gets its own alerts: "<rule>:" + the defaults' key.
        var dedupKey =
            problems.Try(() => TemplateOf(rule, "dedup-key", where), null)
            ?? Template($"{name}:{defaults.DedupKey}", $"{where}.dedup-key");
        var group = problems.Try(() => GroupOf(rule, where, defaults.Group, problems), defaults.Group);
        var (policy, escalationRoutes) = WithEscalation(
            rule,
            where,
            problems.Try(() => PolicyOf(rule, where, defaults.Policy, problems), defaults.Policy),
            defaults.EscalationRoutes,
            group,
            problems
        );
        return new AlertRule(
            name ?? "",
            match,
            problems.Try(() => SeverityOf(rule, "min-severity", where), null) ?? Severity.Info,
            dedupKey,
            problems.Try(() => TemplateOf(rule, "summary", where), null) ?? defaults.Summary,
            problems.Try(() => SeverityOf(rule, "severity", where), null),
            problems.Try(() => ProvidersOf(rule, where), null) ?? defaults.Providers,
            policy,
            WithMuteDuring(
                problems.Try(() => RouteOf(rule, where, RouteKeys), AlertRoute.Default),
                rule,
                where,
                intervals,
                problems
            ),
            ChangeEvent: problems.Try(() => BooleanOf(rule, "change-event", where), null) ?? false
        )
        {
            Group = group,
            ActiveDuring =
                problems.Try(() => IntervalNamesOf(rule, ActiveDuring, where, intervals, problems), null)
                ?? defaults.ActiveDuring,
            EscalationRoutes = escalationRoutes,
        };
    }

    private static string NameOf(Config rule, string where, Dictionary<string, string> names)
    {
        var name = ScalarOf(rule, "name", where)?.Trim();
        if (string.IsNullOrEmpty(name))
            throw Error($"{where}.name", "is required");
        if (!RuleName().IsMatch(name))
            throw Error(
                $"{where}.name",
                $"\"{name}\" may hold only letters, digits, '.', '_' and '-' (at most 128, starting with a letter or digit)"
            );
        if (string.Equals(name, RuleSet.ImplicitRuleName, StringComparison.OrdinalIgnoreCase))
            throw Error($"{where}.name", $"\"{name}\" is reserved for the implicit rule; choose another name");
        if (names.TryGetValue(name, out var first))
            throw Error($"{where}.name", $"\"{name}\" is already the name of {first}; rule names must be unique");
        names[name] = where;
        return name;
    }

    // ---- policy, providers, route ---------------------------------------------------------------------

    private static AlertPolicy PolicyOf(Config section, string where, AlertPolicy inherited, ConfigProblems problems)
    {
        var policy = problems.Try(() => ThresholdOf(section, where, inherited), inherited);
        policy = problems.Try(() => ThrottleOf(section, where, policy), policy);
        return policy with
        {
            RepeatInterval =
                problems.Try(() => DurationOf(section, "repeat-interval", where), null) ?? inherited.RepeatInterval,
            AutoResolveAfter =
                problems.Try(() => DurationOf(section, "auto-resolve-after", where), null)
                ?? inherited.AutoResolveAfter,
        };
    }

    private static AlertPolicy ThresholdOf(Config section, string where, AlertPolicy inherited)
    {
        var policy = inherited;
        if (ObjectOf(section, "threshold", where, ThresholdKeys) is { } threshold)
        {
            var count = IntOf(threshold, "count", $"{where}.threshold") ?? inherited.ThresholdCount;
            if (count < 1)
                throw Error($"{where}.threshold.count", $"{count} is less than 1; 1 fires on the first occurrence");
            policy = policy with
            {
                ThresholdCount = count,
                ThresholdWindow = DurationOf(threshold, "window", $"{where}.threshold") ?? inherited.ThresholdWindow,
            };
        }
        return policy;
    }

    private static AlertPolicy ThrottleOf(Config section, string where, AlertPolicy inherited)
    {
        var policy = inherited;
        if (ObjectOf(section, "throttle", where, ThrottleKeys) is { } throttle)
        {
            var maxPerHour = IntOf(throttle, "max-per-hour", $"{where}.throttle") ?? inherited.MaxPerHour;
            if (maxPerHour < 0)
                throw Error($"{where}.throttle.max-per-hour", $"{maxPerHour} is negative; 0 means unlimited");
            policy = policy with
            {
                Cooldown = DurationOf(throttle, "cooldown", $"{where}.throttle") ?? inherited.Cooldown,
                MaxPerHour = maxPerHour,
            };
        }
        return policy;
    }

    private static ImmutableArray<string>? ProvidersOf(Config section, string where)
    {
        if (!section.HasPath("providers"))
            return null;
        var key = $"{where}.providers";
        var providers = ImmutableArray.CreateBuilder<string>();
        foreach (var text in ScalarList(section.GetValue("providers"), key))
        {
            var provider = text.Trim().ToLowerInvariant();
            if (!KnownProviders.Contains(provider))
                throw Error(key, $"\"{text}\" is not one of {string.Join(", ", KnownProviders)}");
            if (!providers.Contains(provider))
                providers.Add(provider);
        }
        return providers.ToImmutable();
    }

    /// <param name="keys">The keys the route may have: a rule's <see cref="RouteKeys"/>, an escalation step's
    /// <see cref="ProviderRouteKeys"/>.</param>
    private static AlertRoute RouteOf(Config rule, string where, string[] keys)
    {
        if (ObjectOf(rule, "route", where, keys) is not { } route)
            return AlertRoute.Default;
        where = $"{where}.route";
        string? routingKey = null;
        if (ObjectOf(route, ProviderNames.PagerDuty, where, PagerDutyRouteKeys) is { } pagerDuty)
            routingKey = ScalarOf(pagerDuty, "routing-key", $"{where}.{ProviderNames.PagerDuty}")?.Trim()
                is { Length: > 0 } key
                ? key
                : null;
        ImmutableArray<string> responders = [],
            tags = [];
        if (ObjectOf(route, ProviderNames.OpsGenie, where, OpsGenieRouteKeys) is { } opsGenie)
        {
            var at = $"{where}.{ProviderNames.OpsGenie}";
            if (opsGenie.HasPath("responders"))
                responders = [.. ScalarList(opsGenie.GetValue("responders"), $"{at}.responders")];
            if (opsGenie.HasPath("tags"))
                tags = [.. ScalarList(opsGenie.GetValue("tags"), $"{at}.tags")];
        }
        return new AlertRoute(routingKey, responders, tags);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex RuleName();
}
