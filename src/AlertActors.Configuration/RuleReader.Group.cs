using System.Collections.Immutable;
using Akka.Configuration;
using AlertActors.Domain.Groups;

namespace AlertActors.Configuration;

using static RuleValues;

/// <summary>
/// Reads a rule's or the defaults' <c>group { by = [...], wait = 30s, interval = 5m }</c> (README "Grouping"); a key
/// left out is inherited (a rule's from <c>alertactors.defaults</c>, the defaults' from hocon/alertactors.conf).
/// </summary>
public static partial class RuleReader
{
    private static readonly string[] GroupKeys = ["by", "wait", "interval"];

    private const string WaitZeroMeans = "0 means no wait: the first notification goes out at once";
    private const string IntervalMeans =
        "it is the shortest time between two updates of a group (Alertmanager's group_interval)";

    /// <summary>The block's policy; every mistake in it (unknown keys, each bad <c>by</c> entry, <c>wait</c>,
    /// <c>interval</c>) is recorded in <paramref name="problems"/>, as for a rule, and the inherited policy
    /// returned.</summary>
    /// <exception cref="ConfigurationException"><c>group</c> is not an object.</exception>
    private static GroupPolicy GroupOf(Config section, string where, GroupPolicy inherited, ConfigProblems problems)
    {
        if (ObjectOf(section, "group", where, GroupKeys, problems) is not { } group)
            return inherited;
        where = $"{where}.group";
        var before = problems.Count;
        var by = group.HasPath("by")
            ? problems.Try(() => ByOf(ScalarList(group.GetValue("by"), $"{where}.by"), $"{where}.by", problems), null)
            : inherited.By;
        var wait = problems.Try(() => DurationOf(group, "wait", where, WaitZeroMeans), null) ?? inherited.Wait;
        var interval = problems.Try(() => IntervalOf(group, where), null) ?? inherited.Interval;
        return problems.Count == before && by is { } fields ? new GroupPolicy(fields, wait, interval) : inherited;
    }

    private static TimeSpan? IntervalOf(Config group, string where)
    {
        var interval = DurationOf(group, "interval", where, $"it must be more than 0: {IntervalMeans}");
        return interval == TimeSpan.Zero
            ? throw Error($"{where}.interval", $"must be more than 0: {IntervalMeans}")
            : interval;
    }

    /// <summary>The <c>by</c> list; every bad entry is recorded (null when one is).</summary>
    private static ImmutableArray<string>? ByOf(IReadOnlyList<string> items, string key, ConfigProblems problems)
    {
        var fields = items.Select(i => i.Trim()).ToList();
        if (fields.Count == 0)
            throw Error(
                key,
                $"is empty; list the fields that key a group (e.g. [tenant, \"data.site\"]), or [\"{GroupPolicy.EachAlert}\"] for one notification per alert"
            );
        if (fields.Contains(GroupPolicy.EachAlert))
            return fields.Count == 1
                ? [GroupPolicy.EachAlert]
                : throw Error(key, $"\"{GroupPolicy.EachAlert}\" (each alert its own notification) must stand alone");
        var before = problems.Count;
        for (var i = 0; i < fields.Count; i++)
        {
            if (!GroupKey.IsValidField(fields[i]))
                problems.Add(
                    $"{key}[{i}]: \"{fields[i]}\" is not an event field (id, source, type, subject, severity, tenant, ...), a data.<path> or an Alertmanager label name"
                );
            else if (fields.IndexOf(fields[i]) < i)
                problems.Add($"{key}[{i}]: \"{fields[i]}\" is listed twice");
        }
        return problems.Count == before ? [.. fields] : null;
    }
}
