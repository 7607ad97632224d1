using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Rules.Conditions;

namespace AlertActors.Configuration;

/// <summary>
/// Reads <c>alertactors.lists</c>, <c>alertactors.defaults</c> and <c>alertactors.rules</c> (docs/configuration.md "Rules")
/// into a <see cref="RuleSet"/>. Every mistake fails start-up with a <see cref="ConfigurationException"/>
/// naming the rule and the key: <c>alertactors.rules[2] (rogue-mac).match.all[1].op: ...</c>.
/// </summary>
public static partial class RuleReader
{
    private const string Prefix = "alertactors";

    private static readonly string[] DefaultsKeys =
        ["min-severity", "dedup-key", "summary", "threshold", "throttle", "repeat-interval", "auto-resolve-after", "providers"];

    private static readonly string[] RuleKeys =
        ["name", "match", "severity", .. DefaultsKeys, "route", "change-event"];

    private static readonly string[] ThresholdKeys = ["count", "window"];
    private static readonly string[] ThrottleKeys = ["cooldown", "max-per-hour"];
    private static readonly string[] RouteKeys = [ProviderNames.PagerDuty, ProviderNames.OpsGenie];
    private static readonly string[] PagerDutyRouteKeys = ["routing-key"];
    private static readonly string[] OpsGenieRouteKeys = ["responders", "tags"];
    private static readonly string[] MatchKeys = ["all", "any"];
    private static readonly string[] ConditionKeys = ["field", "op", "value", "list", "case-sensitive"];
    private static readonly string[] KnownProviders = [ProviderNames.PagerDuty, ProviderNames.OpsGenie, ProviderNames.Webhook, ProviderNames.Slack];

    /// <summary>What every rule inherits from <c>alertactors.defaults</c>.</summary>
    private sealed record Defaults(
        Severity MinSeverity,
        string DedupKey,
        FieldTemplate Summary,
        ImmutableArray<string> Providers,
        AlertPolicy Policy);

    /// <param name="root">The <c>alertactors { }</c> section.</param>
    /// <param name="problems">Receives every mistake; a rule with mistakes is left out of the result.</param>
    public static RuleSet Read(Config root, ConfigProblems problems)
    {
        var lists = problems.Try(() => ReadLists(root), new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal));
        var defaults = problems.Try(() => ReadDefaults(root, problems), FallbackDefaults);

        var rules = root.HasPath("rules") ? root.GetValue("rules") : null;
        if (rules is null || IsEmptyArray(rules)) return new RuleSet([ImplicitRule(defaults)]);
        if (!rules.IsList())
        {
            problems.Add($"{Prefix}.rules: must be a list of rules: rules = [ {{ name = ..., match {{ all = [...] }} }}, ... ]");
            return new RuleSet([]);
        }

        var result = new List<AlertRule>();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var item in rules.Items())
        {
            var before = problems.Count;
            var rule = ReadRule(item, $"{Prefix}.rules[{index}]", defaults, lists, names, problems);
            if (rule is not null && problems.Count == before) result.Add(rule);
            index++;
        }
        return new RuleSet(result);
    }

    private static readonly Defaults FallbackDefaults = new(
        Severity.High, AlertRule.DefaultDedupKey.Text, AlertRule.DefaultSummary, [ProviderNames.PagerDuty, ProviderNames.OpsGenie], AlertPolicy.Default);

    private static AlertRule ImplicitRule(Defaults defaults) => new(
        RuleSet.ImplicitRuleName,
        Match: null,
        defaults.MinSeverity,
        new FieldTemplate(defaults.DedupKey),
        defaults.Summary,
        SeverityOverride: null,
        defaults.Providers,
        defaults.Policy,
        AlertRoute.Default);

    // ---- lists ----------------------------------------------------------------------------------------

    private static Dictionary<string, IReadOnlyList<string>> ReadLists(Config root)
    {
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (!root.HasPath("lists")) return lists;
        var value = root.GetValue("lists");
        if (!value.IsObject() && !IsEmptyArray(value))
            throw Error($"{Prefix}.lists", "must be an object of named lists: lists { known-macs = [\"aa:bb:cc:dd:ee:ff\", ...] }");
        if (!value.IsObject()) return lists;
        foreach (var (name, list) in root.GetConfig("lists").AsEnumerable())
            lists[name] = ScalarList(list, $"{Prefix}.lists.{name}");
        return lists;
    }

    // ---- defaults -------------------------------------------------------------------------------------

    private static Defaults ReadDefaults(Config root, ConfigProblems problems)
    {
        const string where = $"{Prefix}.defaults";
        if (!root.HasPath("defaults") || !root.GetValue("defaults").IsObject())
            throw Error(where, "is missing; it must be an object { min-severity = ..., dedup-key = ..., ... }");
        var defaults = root.GetConfig("defaults");
        problems.Try(() => CheckKeys(defaults, where, DefaultsKeys), false);

        var fallback = FallbackDefaults;
        var minSeverity = problems.Try(() => SeverityOf(defaults, "min-severity", where), null) ?? fallback.MinSeverity;
        var dedupKey = problems.Try(() => TemplateOf(defaults, "dedup-key", where), null)?.Text ?? fallback.DedupKey;
        var summary = problems.Try(() => TemplateOf(defaults, "summary", where), null) ?? fallback.Summary;
        var providers = problems.Try(() => ProvidersOf(defaults, where), null) ?? fallback.Providers;
        var policy = problems.Try(() => PolicyOf(defaults, where, AlertPolicy.Default, problems), AlertPolicy.Default);
        return new Defaults(minSeverity, dedupKey, summary, providers, policy);
    }

    // ---- rules ----------------------------------------------------------------------------------------

    /// <summary>One rule; every mistake in it is recorded (null when it cannot be read at all).</summary>
    private static AlertRule? ReadRule(HoconValue item, string where, Defaults defaults, Dictionary<string, IReadOnlyList<string>> lists,
        Dictionary<string, string> names, ConfigProblems problems)
    {
        if (!item.IsObject())
        {
            problems.Add($"{where}: must be an object {{ name = ..., match {{ all = [...] }}, ... }}");
            return null;
        }
        var rule = item.ToConfig();
        var name = problems.Try(() => NameOf(rule, where, names), null);
        if (name is not null) where = $"{where} ({name})";
        problems.Try(() => CheckKeys(rule, where, RuleKeys), false);

        var match = rule.HasPath("match") ? problems.Try(() => ReadMatch(rule.GetValue("match"), $"{where}.match", lists, problems), null) : null;
        // A rule that keeps the defaults' dedup key gets its own alerts: "<rule>:" + the defaults' key.
        var dedupKey = problems.Try(() => TemplateOf(rule, "dedup-key", where), null)
                       ?? Template($"{name}:{defaults.DedupKey}", $"{where}.dedup-key");
        return new AlertRule(
            name ?? "",
            match,
            problems.Try(() => SeverityOf(rule, "min-severity", where), null) ?? Severity.Info,
            dedupKey,
            problems.Try(() => TemplateOf(rule, "summary", where), null) ?? defaults.Summary,
            problems.Try(() => SeverityOf(rule, "severity", where), null),
            problems.Try(() => ProvidersOf(rule, where), null) ?? defaults.Providers,
            problems.Try(() => PolicyOf(rule, where, defaults.Policy, problems), defaults.Policy),
            problems.Try(() => RouteOf(rule, where), AlertRoute.Default),
            ChangeEvent: problems.Try(() => BooleanOf(rule, "change-event", where), null) ?? false);
    }

    private static string NameOf(Config rule, string where, Dictionary<string, string> names)
    {
        var name = ScalarOf(rule, "name", where)?.Trim();
        if (string.IsNullOrEmpty(name)) throw Error($"{where}.name", "is required");
        if (!RuleName().IsMatch(name))
            throw Error($"{where}.name", $"\"{name}\" may hold only letters, digits, '.', '_' and '-' (at most 128, starting with a letter or digit)");
        if (string.Equals(name, RuleSet.ImplicitRuleName, StringComparison.OrdinalIgnoreCase))
            throw Error($"{where}.name", $"\"{name}\" is reserved for the implicit rule; choose another name");
        if (names.TryGetValue(name, out var first))
            throw Error($"{where}.name", $"\"{name}\" is already the name of {first}; rule names must be unique");
        names[name] = where;
        return name;
    }

    private static ICondition ReadMatch(HoconValue value, string where, Dictionary<string, IReadOnlyList<string>> lists, ConfigProblems problems)
    {
        if (!value.IsObject())
            throw Error(where, "must be an object: match { all = [...] } or match { any = [...] }");
        return ReadGroup(value.ToConfig(), where, lists, problems)
               ?? throw Error(where, "must hold all = [...] or any = [...]; leave match out to take every event");
    }

    /// <summary><c>{ all = [...] }</c> or <c>{ any = [...] }</c>; null when the object holds neither.</summary>
    private static ICondition? ReadGroup(Config group, string where, Dictionary<string, IReadOnlyList<string>> lists, ConfigProblems problems)
    {
        var hasAll = group.HasPath("all");
        var hasAny = group.HasPath("any");
        if (!hasAll && !hasAny) return null;
        CheckKeys(group, where, MatchKeys);
        if (hasAll && hasAny)
            throw Error(where, "holds both all and any; nest one inside the other: all = [ { any = [...] }, ... ]");
        var key = hasAll ? "all" : "any";
        var conditions = ReadConditions(group.GetValue(key), $"{where}.{key}", lists, problems);
        return hasAll ? new AllOfCondition(conditions) : new AnyOfCondition(conditions);
    }

    /// <summary>Every condition is read; one with a mistake is recorded and left out.</summary>
    private static ImmutableArray<ICondition> ReadConditions(HoconValue value, string where, Dictionary<string, IReadOnlyList<string>> lists, ConfigProblems problems)
    {
        if (!value.IsList())
            throw Error(where, "must be a list of conditions [ { field = ..., op = ..., value = ... }, ... ]");
        var items = value.Items();
        if (items.Count == 0)
            throw Error(where, "holds no condition; leave match out to take every event");
        var conditions = ImmutableArray.CreateBuilder<ICondition>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var at = $"{where}[{i}]";
            var item = items[i];
            if (problems.Try(() => ReadCondition(item, at, lists, problems), null) is { } condition) conditions.Add(condition);
        }
        return conditions.ToImmutable();
    }

    private static ICondition ReadCondition(HoconValue value, string where, Dictionary<string, IReadOnlyList<string>> lists, ConfigProblems problems)
    {
        if (!value.IsObject())
            throw Error(where, "must be an object { field = ..., op = ..., value = ... } or a nested { all = [...] } / { any = [...] }");
        var condition = value.ToConfig();
        if (ReadGroup(condition, where, lists, problems) is { } group) return group;
        CheckKeys(condition, where, ConditionKeys);

        var field = ScalarOf(condition, "field", where);
        if (string.IsNullOrWhiteSpace(field)) throw Error($"{where}.field", "is required");
        var opText = ScalarOf(condition, "op", where);
        if (string.IsNullOrWhiteSpace(opText)) throw Error($"{where}.op", $"is required: one of {string.Join(", ", FieldOperatorNames.All)}");
        if (!FieldOperatorNames.TryParse(opText.Trim(), out var op))
            throw Error($"{where}.op", $"\"{opText}\" is not one of {string.Join(", ", FieldOperatorNames.All)}");
        var caseSensitive = BooleanOf(condition, "case-sensitive", where) ?? true;

        var hasValue = condition.HasPath("value");
        var hasList = condition.HasPath("list");
        if (hasValue && hasList) throw Error($"{where}.list", "give value or list, not both");
        ConditionValue operand;
        if (hasList)
        {
            if (op is not (FieldOperator.In or FieldOperator.NotIn))
                throw Error($"{where}.list", $"a named list works with in and not-in, not {op.ToName()}");
            var listName = ScalarOf(condition, "list", where)?.Trim() ?? "";
            if (!lists.TryGetValue(listName, out var list))
                throw Error($"{where}.list", lists.Count == 0
                    ? $"\"{listName}\" is not a list defined in {Prefix}.lists (none is defined)"
                    : $"\"{listName}\" is not one of the lists defined in {Prefix}.lists: {string.Join(", ", lists.Keys.Order(StringComparer.Ordinal))}");
            operand = ConditionValue.ListOf(list);
        }
        else if (hasValue)
        {
            var raw = condition.GetValue("value");
            operand = raw.IsList() ? ConditionValue.ListOf(ScalarList(raw, $"{where}.value"))
                : raw.IsString() ? ConditionValue.Of(raw.GetString() ?? "")
                : throw Error($"{where}.value", "must be a value or a list of values, not an object");
        }
        else
        {
            operand = ConditionValue.None;
        }

        try
        {
            return FieldCondition.Create(field.Trim(), op, operand, caseSensitive);
        }
        catch (ConditionException ex)
        {
            var key = ex.Key == "value" && hasList ? "list" : ex.Key;
            throw Error($"{where}.{key}", ex.Message);
        }
    }

    // ---- policy, providers, route ---------------------------------------------------------------------

    private static AlertPolicy PolicyOf(Config section, string where, AlertPolicy inherited, ConfigProblems problems)
    {
        var policy = problems.Try(() => ThresholdOf(section, where, inherited), inherited);
        policy = problems.Try(() => ThrottleOf(section, where, policy), policy);
        return policy with
        {
            RepeatInterval = problems.Try(() => DurationOf(section, "repeat-interval", where), null) ?? inherited.RepeatInterval,
            AutoResolveAfter = problems.Try(() => DurationOf(section, "auto-resolve-after", where), null) ?? inherited.AutoResolveAfter,
        };
    }

    private static AlertPolicy ThresholdOf(Config section, string where, AlertPolicy inherited)
    {
        var policy = inherited;
        if (ObjectOf(section, "threshold", where, ThresholdKeys) is { } threshold)
        {
            var count = IntOf(threshold, "count", $"{where}.threshold") ?? inherited.ThresholdCount;
            if (count < 1) throw Error($"{where}.threshold.count", $"{count} is less than 1; 1 fires on the first occurrence");
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
            if (maxPerHour < 0) throw Error($"{where}.throttle.max-per-hour", $"{maxPerHour} is negative; 0 means unlimited");
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
        if (!section.HasPath("providers")) return null;
        var key = $"{where}.providers";
        var providers = ImmutableArray.CreateBuilder<string>();
        foreach (var text in ScalarList(section.GetValue("providers"), key))
        {
            var provider = text.Trim().ToLowerInvariant();
            if (!KnownProviders.Contains(provider))
                throw Error(key, $"\"{text}\" is not one of {string.Join(", ", KnownProviders)}");
            if (!providers.Contains(provider)) providers.Add(provider);
        }
        return providers.ToImmutable();
    }

    private static AlertRoute RouteOf(Config rule, string where)
    {
        if (ObjectOf(rule, "route", where, RouteKeys) is not { } route) return AlertRoute.Default;
        where = $"{where}.route";
        string? routingKey = null;
        if (ObjectOf(route, ProviderNames.PagerDuty, where, PagerDutyRouteKeys) is { } pagerDuty)
            routingKey = ScalarOf(pagerDuty, "routing-key", $"{where}.{ProviderNames.PagerDuty}")?.Trim() is { Length: > 0 } key ? key : null;
        ImmutableArray<string> responders = [], tags = [];
        if (ObjectOf(route, ProviderNames.OpsGenie, where, OpsGenieRouteKeys) is { } opsGenie)
        {
            var at = $"{where}.{ProviderNames.OpsGenie}";
            if (opsGenie.HasPath("responders")) responders = [.. ScalarList(opsGenie.GetValue("responders"), $"{at}.responders")];
            if (opsGenie.HasPath("tags")) tags = [.. ScalarList(opsGenie.GetValue("tags"), $"{at}.tags")];
        }
        return new AlertRoute(routingKey, responders, tags);
    }

    // ---- typed values ---------------------------------------------------------------------------------

    private static FieldTemplate? TemplateOf(Config section, string key, string where) =>
        ScalarOf(section, key, where) is { } text ? Template(text, $"{where}.{key}") : null;

    private static FieldTemplate Template(string text, string key)
    {
        try
        {
            return new FieldTemplate(text);
        }
        catch (FormatException ex)
        {
            throw Error(key, ex.Message);
        }
    }

    private static Severity? SeverityOf(Config section, string key, string where)
    {
        if (ScalarOf(section, key, where) is not { } text) return null;
        return SeverityNames.TryParse(text, out var severity)
            ? severity
            : throw Error($"{where}.{key}", $"\"{text}\" is not one of {string.Join(", ", SeverityNames.All)}");
    }

    private static int? IntOf(Config section, string key, string where)
    {
        if (ScalarOf(section, key, where) is not { } text) return null;
        return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"{where}.{key}", $"\"{text}\" is not a whole number");
    }

    private static bool? BooleanOf(Config section, string key, string where)
    {
        if (ScalarOf(section, key, where) is not { } text) return null;
        return text.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error($"{where}.{key}", $"\"{text}\" is not true or false"),
        };
    }

    /// <summary>A HOCON duration (30s, 5m, 4h, 1d, 100ms); 0 means never / unlimited.</summary>
    private static TimeSpan? DurationOf(Config section, string key, string where)
    {
        if (ScalarOf(section, key, where) is not { } text) return null;
        TimeSpan value;
        try
        {
            value = section.GetValue(key).GetTimeSpan(false);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ConfigurationException or ArgumentException)
        {
            throw Error($"{where}.{key}", $"\"{text}\" is not a duration such as 30s, 5m, 4h or 1d (0 = never)");
        }
        return value >= TimeSpan.Zero
            ? value
            : throw Error($"{where}.{key}", $"\"{text}\" is negative; 0 means never");
    }

    /// <summary>A single value (a string, number or boolean); null when the key is absent.</summary>
    private static string? ScalarOf(Config section, string key, string where)
    {
        if (!section.HasPath(key)) return null;
        var value = section.GetValue(key);
        if (value is null) return null;
        if (value.IsObject() || value.IsList())
            throw Error($"{where}.{key}", $"must be a single value, not {(value.IsList() ? "a list" : "an object")}");
        return value.GetString() ?? "";
    }

    /// <summary>An object whose keys are checked; null when the key is absent.</summary>
    private static Config? ObjectOf(Config section, string key, string where, IReadOnlyList<string> keys)
    {
        if (!section.HasPath(key)) return null;
        if (!section.GetValue(key).IsObject())
            throw Error($"{where}.{key}", $"must be an object {{ {string.Join(", ", keys.Select(k => k + " = ..."))} }}");
        var result = section.GetConfig(key);
        CheckKeys(result, $"{where}.{key}", keys);
        return result;
    }

    private static IReadOnlyList<string> ScalarList(HoconValue value, string key)
    {
        if (!value.IsList()) throw Error(key, "must be a list [ ..., ... ]");
        var items = new List<string>();
        var index = 0;
        foreach (var item in value.Items())
        {
            if (item.IsObject() || item.IsList())
                throw Error($"{key}[{index}]", $"must be a single value, not {(item.IsList() ? "a list" : "an object")}");
            items.Add(item.GetString() ?? "");
            index++;
        }
        return items;
    }

    private static bool IsEmptyArray(HoconValue value) => value.IsList() && value.Items().Count == 0;

    /// <summary>A HOCON list, empty or not (Akka's IsArray() is false for <c>[]</c>).</summary>
    private static bool IsList(this HoconValue value) =>
        value.IsArray() ||
        (value.Values.Any(v => v is HoconArray) &&
         value.Values.All(v => v is HoconArray || (v is HoconLiteral literal && string.IsNullOrWhiteSpace(literal.Value))));

    private static IList<HoconValue> Items(this HoconValue value) => value.IsArray() ? value.GetArray() : [];

    /// <summary>Unknown keys fail, all of them at once: a typo such as <c>treshold</c> must not be silently ignored.</summary>
    private static bool CheckKeys(Config section, string where, IReadOnlyList<string> allowed)
    {
        var unknown = section.AsEnumerable()
            .Where(kv => !allowed.Contains(kv.Key))
            .Select(kv => $"{where}.{kv.Key}: {UnknownKeys.Describe(kv.Key, allowed)}")
            .ToList();
        return unknown.Count == 0 ? true : throw new ConfigurationProblemsException(unknown);
    }

    private static ConfigurationException Error(string key, string message) => new($"{key}: {message}");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex RuleName();
}
