namespace AlertActors.Domain.Rules.Conditions;

/// <summary>
/// The operand of a field condition as configured: none, one scalar, or a list of scalars. Scalars are
/// text (HOCON does not tell "42" from 42); numbers are recognised where an operator needs one.
/// </summary>
public sealed class ConditionValue
{
    public static readonly ConditionValue None = new(null, null);

    private ConditionValue(string? scalar, IReadOnlyList<string>? items)
    {
        Scalar = scalar;
        Items = items;
    }

    public static ConditionValue Of(string scalar) => new(scalar, null);

    public static ConditionValue ListOf(IEnumerable<string> items) => new(null, items.ToArray());

    /// <summary>The single value, when one was given.</summary>
    public string? Scalar { get; }

    /// <summary>The list, when a list was given.</summary>
    public IReadOnlyList<string>? Items { get; }

    public bool IsNone => Scalar is null && Items is null;

    public override string ToString() =>
        Scalar is not null ? $"\"{Scalar}\""
        : Items is not null ? $"[{Items.Count} value{(Items.Count == 1 ? "" : "s")}]"
        : "(none)";
}
