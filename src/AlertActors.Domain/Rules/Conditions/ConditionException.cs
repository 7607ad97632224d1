namespace AlertActors.Domain.Rules.Conditions;

/// <summary>
/// A condition that cannot be built. <see cref="Key"/> is the condition key at fault (<c>field</c>,
/// <c>op</c>, <c>value</c>), so configuration readers can name it in full.
/// </summary>
public sealed class ConditionException(string key, string message) : FormatException(message)
{
    public string Key { get; } = key;
}
