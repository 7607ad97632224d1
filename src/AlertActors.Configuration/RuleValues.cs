using System.Globalization;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;

namespace AlertActors.Configuration;

/// <summary>
/// Typed values of the rule configuration (templates, severities, whole numbers, booleans, HOCON durations, single
/// values, objects, lists), each read with the key path it came from, so a mistake throws a
/// <see cref="ConfigurationException"/> such as
/// <c>alertactors.rules[2] (rogue-mac).threshold.count: "x" is not a whole number</c>; unknown keys throw
/// <see cref="ConfigurationProblemsException"/>, all of them at once.
/// </summary>
internal static class RuleValues
{
    internal static FieldTemplate? TemplateOf(Config section, string key, string where) =>
        ScalarOf(section, key, where) is { } text ? Template(text, $"{where}.{key}") : null;

    internal static FieldTemplate Template(string text, string key)
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

    internal static Severity? SeverityOf(Config section, string key, string where)
    {
        if (ScalarOf(section, key, where) is not { } text)
            return null;
        return SeverityNames.TryParse(text, out var severity)
            ? severity
            : throw Error($"{where}.{key}", $"\"{text}\" is not one of {string.Join(", ", SeverityNames.All)}");
    }

    internal static int? IntOf(Config section, string key, string where)
    {
        if (ScalarOf(section, key, where) is not { } text)
            return null;
        return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error($"{where}.{key}", $"\"{text}\" is not a whole number");
    }

    internal static bool? BooleanOf(Config section, string key, string where)
    {
        if (ScalarOf(section, key, where) is not { } text)
            return null;
        return text.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw Error($"{where}.{key}", $"\"{text}\" is not true or false"),
        };
    }

    /// <summary>A HOCON duration (30s, 5m, 4h, 1d, 100ms); a bare 0 is allowed, any other number needs a unit (HOCON
    /// would read a bare 5 as 5 ms, which nobody means). <paramref name="zeroMeans"/> ends each problem's message with
    /// what 0 means for this key (e.g. "0 means never").</summary>
    /// <exception cref="ConfigurationException">Not a duration, no unit, or negative (the message names the
    /// key).</exception>
    internal static TimeSpan? DurationOf(Config section, string key, string where, string zeroMeans = "0 means never")
    {
        if (ScalarOf(section, key, where) is not { } text)
            return null;
        var trimmed = text.Trim();
        if (trimmed != "0" && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            throw Error(
                $"{where}.{key}",
                $"\"{text}\" has no unit; write e.g. {trimmed}s, {trimmed}m, {trimmed}h or {trimmed}ms ({zeroMeans})"
            );
        TimeSpan value;
        try
        {
            value = section.GetValue(key).GetTimeSpan(false);
        }
        catch (Exception ex)
            when (ex is FormatException or OverflowException or ConfigurationException or ArgumentException)
        {
            throw Error($"{where}.{key}", $"\"{text}\" is not a duration such as 30s, 5m, 4h or 1d ({zeroMeans})");
        }
        return value >= TimeSpan.Zero ? value : throw Error($"{where}.{key}", $"\"{text}\" is negative; {zeroMeans}");
    }

    /// <summary>A single value (a string, number or boolean); null when the key is absent.</summary>
    internal static string? ScalarOf(Config section, string key, string where)
    {
        if (!section.HasPath(key))
            return null;
        var value = section.GetValue(key);
        if (value is null)
            return null;
        if (value.IsObject() || value.IsList())
            throw Error($"{where}.{key}", $"must be a single value, not {(value.IsList() ? "a list" : "an object")}");
        return value.GetString() ?? "";
    }

    /// <summary>An object whose keys are checked; null when the key is absent. Unknown keys are recorded in
    /// <paramref name="problems"/> when given (so the caller can go on reading the block), else thrown.</summary>
    /// <exception cref="ConfigurationException">The value is not an object.</exception>
    /// <exception cref="ConfigurationProblemsException">Unknown keys, when <paramref name="problems"/> is
    /// null.</exception>
    internal static Config? ObjectOf(
        Config section,
        string key,
        string where,
        IReadOnlyList<string> keys,
        ConfigProblems? problems = null
    )
    {
        if (!section.HasPath(key))
            return null;
        if (!section.GetValue(key).IsObject())
            throw Error(
                $"{where}.{key}",
                $"must be an object {{ {string.Join(", ", keys.Select(k => k + " = ..."))} }}"
            );
        var result = section.GetConfig(key);
        if (problems is null)
            CheckKeys(result, $"{where}.{key}", keys);
        else
            problems.Try(() => CheckKeys(result, $"{where}.{key}", keys), false);
        return result;
    }

    internal static IReadOnlyList<string> ScalarList(HoconValue value, string key)
    {
        if (!value.IsList())
            throw Error(key, "must be a list [ ..., ... ]");
        var items = new List<string>();
        var index = 0;
        foreach (var item in value.Items())
        {
            if (item.IsObject() || item.IsList())
                throw Error(
                    $"{key}[{index}]",
                    $"must be a single value, not {(item.IsList() ? "a list" : "an object")}"
                );
            items.Add(item.GetString() ?? "");
            index++;
        }
        return items;
    }

    internal static bool IsEmptyArray(HoconValue value) => value.IsList() && value.Items().Count == 0;

    /// <summary>A HOCON list, empty or not (Akka's IsArray() is false for <c>[]</c>).</summary>
    internal static bool IsList(this HoconValue value) =>
        value.IsArray()
        || (
            value.Values.Any(v => v is HoconArray)
            && value.Values.All(v =>
                v is HoconArray || (v is HoconLiteral literal && string.IsNullOrWhiteSpace(literal.Value))
            )
        );

    internal static IList<HoconValue> Items(this HoconValue value) => value.IsArray() ? value.GetArray() : [];

    /// <summary>Unknown keys fail, all of them at once: a typo such as <c>treshold</c> must not be silently
    /// ignored.</summary>
    internal static bool CheckKeys(Config section, string where, IReadOnlyList<string> allowed)
    {
        var unknown = section
            .AsEnumerable()
            .Where(kv => !allowed.Contains(kv.Key))
            .Select(kv => $"{where}.{kv.Key}: {UnknownKeys.Describe(kv.Key, allowed)}")
            .ToList();
        return unknown.Count == 0 ? true : throw new ConfigurationProblemsException(unknown);
    }

    internal static ConfigurationException Error(string key, string message) => new($"{key}: {message}");
}
