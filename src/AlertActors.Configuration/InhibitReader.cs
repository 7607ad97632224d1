using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using AlertActors.Domain.Inhibition;
using AlertActors.Domain.Rules;

namespace AlertActors.Configuration;

using static RuleValues;

/// <summary>
/// Reads <c>alertactors.inhibit</c> (README "Inhibition"): a list of
/// <c>{ source { match { ... } }, target { match { ... } }, equal = [tenant, "data.labels.site"] }</c>, each
/// <c>match</c> as in rules (<see cref="RuleConditionReader"/>, named <c>lists</c> included), <c>equal</c> event fields
/// and <c>data.*</c> paths. Every mistake is recorded with its key (unknown keys too) and the entry is left out.
/// </summary>
public static class InhibitReader
{
    private const string Key = RuleReader.Prefix + ".inhibit";
    private const string Shape =
        "{ source { match { all = [...] } }, target { match { all = [...] } }, equal = [tenant, \"data.labels.site\"] }";
    private static readonly string[] EntryKeys = ["source", "target", "equal"];
    private static readonly string[] SideKeys = ["match"];

    /// <param name="root">The <c>alertactors { }</c> section.</param>
    /// <param name="problems">Receives every mistake; an entry with a mistake is left out of the result.</param>
    public static InhibitRules Read(Config root, ConfigProblems problems)
    {
        if (!root.HasPath("inhibit") || root.GetValue("inhibit") is not { } value || IsEmptyArray(value))
            return InhibitRules.None;
        if (!value.IsList())
        {
            problems.Add($"{Key}: must be a list of inhibit rules: inhibit = [ {Shape} ]");
            return InhibitRules.None;
        }
        var lists = problems.Try(
            () => RuleReader.ReadLists(root),
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        );
        var rules = ImmutableArray.CreateBuilder<InhibitRule>();
        var items = value.Items();
        for (var i = 0; i < items.Count; i++)
        {
            var before = problems.Count;
            var rule = ReadEntry(items[i], $"{Key}[{i}]", lists, problems);
            if (rule is not null && problems.Count == before)
                rules.Add(rule);
        }
        return new InhibitRules(rules.ToImmutable());
    }

    /// <summary>One entry; every mistake in it is recorded, as <see cref="RuleReader"/> does for a rule (null when a
    /// part cannot be read).</summary>
    private static InhibitRule? ReadEntry(
        HoconValue value,
        string where,
        Dictionary<string, IReadOnlyList<string>> lists,
        ConfigProblems problems
    )
    {
        if (!value.IsObject())
        {
            problems.Add($"{where}: must be an object {Shape}");
            return null;
        }
        var entry = value.ToConfig();
        problems.Try(() => CheckKeys(entry, where, EntryKeys), false);
        var source = problems.Try(() => ReadSide(entry, "source", where, lists, problems), null);
        var target = problems.Try(() => ReadSide(entry, "target", where, lists, problems), null);
        var equal = problems.Try(() => ReadEqual(entry, where, problems), null);
        return source is null || target is null || equal is null ? null : new InhibitRule(source, target, equal.Value);
    }

    /// <summary><c>equal</c>: event fields and <c>data.*</c> paths (none when absent); every bad entry is recorded
    /// (null when one is).</summary>
    private static ImmutableArray<string>? ReadEqual(Config entry, string where, ConfigProblems problems)
    {
        if (!entry.HasPath("equal"))
            return [];
        var equal = ScalarList(entry.GetValue("equal"), $"{where}.equal");
        var before = problems.Count;
        for (var i = 0; i < equal.Count; i++)
        {
            if (EventFields.MistakeIn(equal[i]) is not { } mistake)
                continue;
            // A bare name is most likely an Alertmanager label (equal = [site]); a dotted one, a path inside data.
            var hint =
                equal[i] is { Length: > 0 } name && !name.Contains('.', StringComparison.Ordinal)
                    ? $" (an Alertmanager label {name} is data.labels.{name})"
                    : "";
            problems.Add($"{where}.equal[{i}]: {mistake}{hint}");
        }
        return problems.Count == before ? [.. equal] : null;
    }

    private static ICondition ReadSide(
        Config entry,
        string side,
        string where,
        Dictionary<string, IReadOnlyList<string>> lists,
        ConfigProblems problems
    )
    {
        var at = $"{where}.{side}";
        if (!entry.HasPath(side))
            throw Error(at, $"is required: {side} {{ match {{ all = [...] }} }}");
        var value = entry.GetValue(side);
        if (!value.IsObject())
            throw Error(at, $"must be an object: {side} {{ match {{ all = [...] }} }}");
        var section = value.ToConfig();
        problems.Try(() => CheckKeys(section, at, SideKeys), false);
        if (!section.HasPath("match"))
            throw Error($"{at}.match", "is required: match { all = [...] } or match { any = [...] }");
        return RuleConditionReader.ReadMatch(section.GetValue("match"), $"{at}.match", lists, problems);
    }
}
