using System.Collections;
using System.Text;
using Akka.Configuration;
using AlertActors.Configuration;
using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;

namespace AlertActors.Configuration.Tests;

/// <summary>Reads rules the way the node does: the given HOCON over the shipped hocon/alertactors.conf.</summary>
internal static class RuleConfig
{
    public static readonly string HoconDirectory = Path.Combine(AppContext.BaseDirectory, "hocon");

    private static readonly Config Base = ConfigurationFactory.ParseString(
        File.ReadAllText(Path.Combine(HoconDirectory, "alertactors.conf"))
    );

    public static RuleSet Read(string hocon) =>
        SettingsReader.Read(ConfigurationFactory.ParseString(hocon).WithFallback(Base)).Rules;

    /// <summary>Rules written as the items of <c>alertactors.rules = [ ... ]</c>.</summary>
    public static RuleSet ReadRules(string items, string extra = "") =>
        Read($"alertactors {{\n{extra}\nrules = [\n{items}\n]\n}}");

    /// <summary>The start-up error for the given rules.</summary>
    public static string ErrorOf(string items, string extra = "") =>
        Assert.ThrowsAny<ConfigurationException>(() => ReadRules(items, extra)).Message;

    public static RuleSet LoadFile(string relativePath) =>
        SettingsReader
            .Read(ConfigLoader.Load(HoconDirectory, Path.Combine(HoconDirectory, relativePath), new Hashtable()))
            .Rules;

    public static InfraEvent Event(string json)
    {
        var parsed = InfraEventParser.ParseOne(
            Encoding.UTF8.GetBytes(json),
            new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero)
        );
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Problems));
        return Assert.Single(parsed.Events);
    }
}
