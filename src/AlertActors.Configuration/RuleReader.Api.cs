using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Configuration;
using AlertActors.Domain.Rules;

namespace AlertActors.Configuration;

/// <summary>
/// Reads rules given as JSON (the rules API, README "Rules through the API") with exactly the reader of
/// <c>alertactors.rules</c>: JSON is HOCON, so each object is read as an item of <c>alertactors.rules</c> beside the
/// configuration's <c>defaults</c> and <c>lists</c>, and every problem is the text <c>check-config</c> prints
/// (<c>alertactors.rules[0] (rogue-mac).match.all[1].op: ...</c>).
/// </summary>
public static partial class RuleReader
{
    /// <summary>How a definition is written into the HOCON text: compact, non-ASCII kept as is (HOCON reads UTF-16
    /// text; only quotes, backslashes and control characters are escaped).</summary>
    private static readonly JsonSerializerOptions DefinitionJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The rules <paramref name="definitions"/> describe, read as <c>alertactors.rules = [ ... ]</c> of a configuration
    /// whose other keys (<c>defaults</c>, <c>lists</c>) are <paramref name="section"/>'s. A rule with a problem is left
    /// out; every problem is recorded in <paramref name="problems"/>. An empty list gives no rules (not the implicit
    /// one).
    /// </summary>
    /// <param name="section">The node's <c>alertactors { }</c> section.</param>
    public static IReadOnlyList<AlertRule> ReadDefinitions(
        Config section,
        IReadOnlyList<JsonObject> definitions,
        ConfigProblems problems
    )
    {
        if (definitions.Count == 0)
            return [];
        var items = string.Join(",\n", definitions.Select(d => d.ToJsonString(DefinitionJson)));
        Config rules;
        try
        {
            rules = ConfigurationFactory.ParseString($"rules = [\n{items}\n]");
        }
        catch (Exception ex) when (ex is ConfigurationException or FormatException)
        {
            // Valid JSON that Akka's HOCON parser still refuses (it should not happen): said, never thrown.
            problems.Add($"{Prefix}.rules: not readable as HOCON: {ex.Message.Split('\n')[0]}");
            return [];
        }
        var root = rules.WithFallback(WithoutRules(section));
        return RuleReader.Read(root, problems).Rules;
    }

    /// <summary><paramref name="section"/> without its <c>rules</c> (a fallback must not supply rules of its
    /// own).</summary>
    private static Config WithoutRules(Config section)
    {
        var result = ConfigurationFactory.Empty;
        foreach (var key in new[] { "defaults", "lists", "time-intervals", Remediation })
            if (section.HasPath(key))
                result = result.WithFallback(section.GetValue(key).AtKey(key));
        return result;
    }
}
