using System.Collections.Immutable;
using Akka.Configuration;
using AlertActors.Domain.Rules;
using AlertActors.Domain.TimeIntervals;

namespace AlertActors.Configuration;

using static RuleValues;

/// <summary>
/// Reads a rule's (or the defaults') <c>active-during = [...]</c> and a rule's <c>route { mute-during = [...] }</c>
/// (README "Time windows"): names of <c>alertactors.time-intervals</c>; each name that is not one is a problem.
/// </summary>
public static partial class RuleReader
{
    private const string ActiveDuring = "active-during";
    private const string MuteDuring = "mute-during";

    /// <summary>The interval names under <paramref name="key"/>, or null when the key is absent or a name is not
    /// defined (each such name recorded in <paramref name="problems"/>).</summary>
    /// <exception cref="ConfigurationException">The value is not a list of names.</exception>
    private static ImmutableArray<string>? IntervalNamesOf(
        Config section,
        string key,
        string where,
        TimeIntervalSet intervals,
        ConfigProblems problems
    )
    {
        if (!section.HasPath(key))
            return null;
        var names = ScalarList(section.GetValue(key), $"{where}.{key}").Select(n => n.Trim()).ToList();
        var before = problems.Count;
        for (var i = 0; i < names.Count; i++)
        {
            if (intervals.Find(names[i]) is not null)
                continue;
            var known = intervals.Names.ToList();
            var hint =
                UnknownKeys.Closest(names[i], known) is { } close ? $" (did you mean {close}?)"
                : known.Count > 0 ? $"; defined: {string.Join(", ", known)}"
                : "; none is defined";
            problems.Add($"{where}.{key}[{i}]: \"{names[i]}\" is not a time interval of {Prefix}.time-intervals{hint}");
        }
        return problems.Count == before ? [.. names.Distinct(StringComparer.Ordinal)] : null;
    }

    /// <summary><paramref name="route"/> with the rule's <c>route.mute-during</c> (unchanged when it is absent or
    /// wrong; a wrong one is recorded).</summary>
    private static AlertRoute WithMuteDuring(
        AlertRoute route,
        Config rule,
        string where,
        TimeIntervalSet intervals,
        ConfigProblems problems
    )
    {
        if (!rule.HasPath("route") || !rule.GetValue("route").IsObject())
            return route;
        var names = problems.Try(
            () => IntervalNamesOf(rule.GetConfig("route"), MuteDuring, $"{where}.route", intervals, problems),
            null
        );
        return names is { IsEmpty: false } muteDuring ? route with { MuteDuring = muteDuring } : route;
    }
}
