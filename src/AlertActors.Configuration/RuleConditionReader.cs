using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using AlertActors.Domain.Rules;
using AlertActors.Domain.Rules.Conditions;

namespace AlertActors.Configuration;

using static RuleValues;

/// <summary>
/// Reads a rule's <c>match</c>: <c>{ all = [...] }</c> or <c>{ any = [...] }</c> of field conditions (<c>field</c>,
/// <c>op</c>, <c>value</c> or a named <c>list</c>, <c>case-sensitive</c>), nested to any depth, into an
/// <see cref="ICondition"/> (docs/configuration.md "Rules"). A mistake throws a <see cref="ConfigurationException"/>
/// naming the key; a condition with a mistake is recorded and left out.
/// </summary>
internal static class RuleConditionReader
{
    private const string Prefix = RuleReader.Prefix;
    private static readonly string[] MatchKeys = ["all", "any"];
    private static readonly string[] ConditionKeys = ["field", "op", "value", "list", "case-sensitive"];

    internal static ICondition ReadMatch(
        HoconValue value,
        string where,
        Dictionary<string, IReadOnlyList<string>> lists,
        ConfigProblems problems
    )
    {
        if (!value.IsObject())
            throw Error(where, "must be an object: match { all = [...] } or match { any = [...] }");
        return ReadGroup(value.ToConfig(), where, lists, problems)
            ?? throw Error(where, "must hold all = [...] or any = [...]; leave match out to take every event");
    }

    /// <summary><c>{ all = [...] }</c> or <c>{ any = [...] }</c>; null when the object holds neither.</summary>
    private static ICondition? ReadGroup(
        Config group,
        string where,
        Dictionary<string, IReadOnlyList<string>> lists,
        ConfigProblems problems
    )
    {
        var hasAll = group.HasPath("all");
        var hasAny = group.HasPath("any");
        if (!hasAll && !hasAny)
            return null;
        CheckKeys(group, where, MatchKeys);
        if (hasAll && hasAny)
            throw Error(where, "holds both all and any; nest one inside the other: all = [ { any = [...] }, ... ]");
        var key = hasAll ? "all" : "any";
        var conditions = ReadConditions(group.GetValue(key), $"{where}.{key}", lists, problems);
        return hasAll ? new AllOfCondition(conditions) : new AnyOfCondition(conditions);
    }

    /// <summary>Every condition is read; one with a mistake is recorded and left out.</summary>
    private static ImmutableArray<ICondition> ReadConditions(
        HoconValue value,
        string where,
        Dictionary<string, IReadOnlyList<string>> lists,
        ConfigProblems problems
    )
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
            if (problems.Try(() => ReadCondition(item, at, lists, problems), null) is { } condition)
                conditions.Add(condition);
        }
        return conditions.ToImmutable();
    }

    private static ICondition ReadCondition(
        HoconValue value,
        string where,
        Dictionary<string, IReadOnlyList<string>> lists,
        ConfigProblems problems
    )
    {
        if (!value.IsObject())
            throw Error(
                where,
                "must be an object { field = ..., op = ..., value = ... } or a nested { all = [...] } / { any = [...] }"
            );
        var condition = value.ToConfig();
        if (ReadGroup(condition, where, lists, problems) is { } group)
            return group;
        CheckKeys(condition, where, ConditionKeys);

        var field = ScalarOf(condition, "field", where);
        if (string.IsNullOrWhiteSpace(field))
            throw Error($"{where}.field", "is required");
        var opText = ScalarOf(condition, "op", where);
        if (string.IsNullOrWhiteSpace(opText))
            throw Error($"{where}.op", $"is required: one of {string.Join(", ", FieldOperatorNames.All)}");
        if (!FieldOperatorNames.TryParse(opText.Trim(), out var op))
            throw Error($"{where}.op", $"\"{opText}\" is not one of {string.Join(", ", FieldOperatorNames.All)}");
        var caseSensitive = BooleanOf(condition, "case-sensitive", where) ?? true;

        var hasValue = condition.HasPath("value");
        var hasList = condition.HasPath("list");
        if (hasValue && hasList)
            throw Error($"{where}.list", "give value or list, not both");
        ConditionValue operand;
        if (hasList)
        {
            if (op is not (FieldOperator.In or FieldOperator.NotIn))
                throw Error($"{where}.list", $"a named list works with in and not-in, not {op.ToName()}");
            var listName = ScalarOf(condition, "list", where)?.Trim() ?? "";
            if (!lists.TryGetValue(listName, out var list))
                throw Error(
                    $"{where}.list",
                    lists.Count == 0
                        ? $"\"{listName}\" is not a list defined in {Prefix}.lists (none is defined)"
                        : $"\"{listName}\" is not one of the lists defined in {Prefix}.lists: {string.Join(", ", lists.Keys.Order(StringComparer.Ordinal))}"
                );
            operand = ConditionValue.ListOf(list);
        }
        else if (hasValue)
        {
            var raw = condition.GetValue("value");
            operand =
                raw.IsList() ? ConditionValue.ListOf(ScalarList(raw, $"{where}.value"))
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
}
