namespace AlertActors.Domain.Rules.Conditions;

/// <summary>The operators of a field condition (docs/configuration.md "Rules").</summary>
public enum FieldOperator
{
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    In,
    NotIn,
    Contains,
    Regex,
    Exists,
}

public static class FieldOperatorNames
{
    public static readonly IReadOnlyList<string> All =
    [
        "eq",
        "ne",
        "gt",
        "gte",
        "lt",
        "lte",
        "in",
        "not-in",
        "contains",
        "regex",
        "exists",
    ];

    /// <summary>Exact, lower-case names only: a rule file is code, and a near miss should fail loudly.</summary>
    public static bool TryParse(string? text, out FieldOperator op)
    {
        var index = text is null ? -1 : IndexOf(text);
        op = index < 0 ? FieldOperator.Eq : (FieldOperator)index;
        return index >= 0;
    }

    public static string ToName(this FieldOperator op) => All[(int)op];

    private static int IndexOf(string text)
    {
        for (var i = 0; i < All.Count; i++)
            if (string.Equals(All[i], text, StringComparison.Ordinal))
                return i;
        return -1;
    }
}
