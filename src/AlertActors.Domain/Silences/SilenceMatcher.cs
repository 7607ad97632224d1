using System.Collections.Immutable;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;

namespace AlertActors.Domain.Silences;

/// <summary>
/// One matcher of a silence (Alertmanager's model): <c>name</c> is an alert field, the operator is
/// <c>=</c>, <c>!=</c>, <c>=~</c> or <c>!~</c>. A regex is anchored at both ends (it must match the whole
/// value) and case-sensitive, like Alertmanager's; a field the alert lacks (no subject) reads as "".
/// A regex that runs longer than <see cref="RegexTimeout"/> counts as "does not match" for either regex
/// operator, so a pathological pattern can never silence an alert by accident.
/// </summary>
public sealed record SilenceMatcher
{
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The alert fields a matcher may name.</summary>
    public static readonly ImmutableArray<string> FieldNames =
    [
        "dedup_key",
        "tenant",
        "type",
        "subject",
        "severity",
        "rule",
        "source",
        "summary",
    ];

    /// <summary>The operators, longest first (so a parser tries <c>=~</c> before <c>=</c>).</summary>
    public static readonly ImmutableArray<string> Operators = ["!=", "=~", "!~", "="];

    private readonly Regex? _regex;

    [JsonConstructor]
    public SilenceMatcher(string name, string value, bool isRegex = false, bool isEqual = true)
    {
        Name = name;
        Value = value;
        IsRegex = isRegex;
        IsEqual = isEqual;
        if (isRegex)
            TryCompile(value, out _regex, out _);
    }

    public string Name { get; }

    public string Value { get; }

    public bool IsRegex { get; }

    public bool IsEqual { get; }

    /// <summary><c>=</c>, <c>!=</c>, <c>=~</c> or <c>!~</c>.</summary>
    [JsonIgnore]
    public string Operator =>
        (IsRegex, IsEqual) switch
        {
            (false, true) => "=",
            (false, false) => "!=",
            (true, true) => "=~",
            (true, false) => "!~",
        };

    /// <summary>A matcher from its operator: <c>Create("type", "=~", @"dns\..*")</c>.</summary>
    public static SilenceMatcher Create(string name, string op, string value) =>
        op switch
        {
            "=" => new SilenceMatcher(name, value),
            "!=" => new SilenceMatcher(name, value, isEqual: false),
            "=~" => new SilenceMatcher(name, value, isRegex: true),
            "!~" => new SilenceMatcher(name, value, isRegex: true, isEqual: false),
            _ => throw new ArgumentException($"unknown matcher operator {op}; use =, !=, =~ or !~", nameof(op)),
        };

    public static bool IsKnownField(string name) => FieldNames.Contains(name);

    public bool Matches(AlertState alert) => MatchesValue(FieldOf(alert, Name) ?? "");

    /// <summary>Whether the matcher accepts this field value ("" for a field the alert lacks).</summary>
    public bool MatchesValue(string value)
    {
        if (!IsRegex)
            return string.Equals(value, Value, StringComparison.Ordinal) == IsEqual;
        if (_regex is null)
            return false;
        try
        {
            return _regex.IsMatch(value) == IsEqual;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>Compiles the pattern anchored at both ends with the match timeout; false with the reason if it is
    /// invalid.</summary>
    public static bool TryCompile(string pattern, out Regex? regex, out string? error)
    {
        try
        {
            regex = new Regex($"^(?:{pattern})\\z", RegexOptions.CultureInvariant, RegexTimeout);
            error = null;
            return true;
        }
        catch (ArgumentException ex)
        {
            regex = null;
            error = ex.Message;
            return false;
        }
    }

    public static string? FieldOf(AlertState alert, string field) =>
        field switch
        {
            "dedup_key" => alert.DedupKey,
            "tenant" => alert.Tenant,
            "type" => alert.Type,
            "subject" => alert.Subject,
            "severity" => alert.Severity.ToName(),
            "rule" => alert.Rule,
            "source" => alert.Source,
            "summary" => alert.Summary,
            _ => null,
        };

    public bool Equals(SilenceMatcher? other) =>
        other is not null
        && Name == other.Name
        && Value == other.Value
        && IsRegex == other.IsRegex
        && IsEqual == other.IsEqual;

    public override int GetHashCode() => HashCode.Combine(Name, Value, IsRegex, IsEqual);

    /// <summary>Alertmanager's notation: <c>tenant="site-a"</c>, <c>type=~"dns\..*"</c>.</summary>
    public override string ToString() => $"{Name}{Operator}\"{Value.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
}
