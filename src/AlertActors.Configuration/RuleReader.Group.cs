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

    /// <exception cref="ConfigurationException">A value is wrong (the message names the key).</exception>
    /// <exception cref="ConfigurationProblemsException">The block has unknown keys.</exception>
    private static GroupPolicy GroupOf(Config section, string where, GroupPolicy inherited)
    {
        if (ObjectOf(section, "group", where, GroupKeys) is not { } group)
            return inherited;
        where = $"{where}.group";
        var by = group.HasPath("by")
            ? ByOf(ScalarList(group.GetValue("by"), $"{where}.by"), $"{where}.by")
            : inherited.By;
        var interval = DurationOf(group, "interval", where) ?? inherited.Interval;
        if (interval <= TimeSpan.Zero)
            throw Error(
                $"{where}.interval",
                "must be more than 0: it is the shortest time between two updates of a group (Alertmanager's group_interval)"
            );
        return new GroupPolicy(by, DurationOf(group, "wait", where) ?? inherited.Wait, interval);
    }

    private static ImmutableArray<string> ByOf(IReadOnlyList<string> items, string key)
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
        for (var i = 0; i < fields.Count; i++)
        {
            if (!GroupKey.IsValidField(fields[i]))
                throw Error(
                    $"{key}[{i}]",
                    $"\"{fields[i]}\" is not an event field (id, source, type, subject, severity, tenant, ...), a data.<path> or an Alertmanager label name"
                );
            if (fields.IndexOf(fields[i]) < i)
                throw Error($"{key}[{i}]", $"\"{fields[i]}\" is listed twice");
        }
        return [.. fields];
    }
}
