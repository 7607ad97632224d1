using Akka.Configuration;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Inhibition;

namespace AlertActors.Configuration.Tests;

/// <summary><c>alertactors.inhibit</c>: read as rules' matches are, every mistake named by its key.</summary>
public class InhibitReaderTests
{
    private static readonly Config Base = ConfigurationFactory.ParseString(
        File.ReadAllText(Path.Combine(RuleConfig.HoconDirectory, "alertactors.conf"))
    );

    private const string SiteDown = """
        source { match { all = [ { field = type, op = eq, value = site.down } ] } }
        target { match { any = [ { field = type, op = in, list = disk-types } ] } }
        """;

    private static InhibitRules Read(string items, ConfigProblems? problems = null) =>
        SettingsReader
            .Read(
                ConfigurationFactory
                    .ParseString($"alertactors {{\nlists {{ disk-types = [disk.full] }}\ninhibit = [\n{items}\n]\n}}")
                    .WithFallback(Base),
                problems ?? new ConfigProblems()
            )
            .Inhibit;

    private static IReadOnlyList<string> ProblemsOf(string items)
    {
        var problems = new ConfigProblems();
        Read(items, problems);
        return problems.Items;
    }

    private static AlertState Alert(string key, string type, string site) =>
        AlertState.Empty(key) with
        {
            Status = AlertStatus.Firing,
            Type = type,
            Tenant = "acme",
            Details = System.Text.Json.JsonDocument.Parse($$$"""{"labels":{"site":"{{{site}}}"}}""").RootElement,
        };

    [Fact]
    public void By_default_nothing_inhibits()
    {
        Assert.True(SettingsReader.Read(Base).Inhibit.IsEmpty);
    }

    [Fact]
    public void An_entry_reads_into_a_rule_with_its_matches_and_equal_fields()
    {
        var rules = Read($$"""{ {{SiteDown}} equal = [tenant, "data.labels.site"] }""");

        var rule = Assert.Single(rules.Rules);
        Assert.Equal(["tenant", "data.labels.site"], rule.Equal.ToArray());
        var sources = InhibitionSources.Empty.With("down", rules.SourceKeysOf(Alert("down", "site.down", "a")), 1);
        Assert.Equal("down", rules.InhibitorOf(Alert("disk", "disk.full", "a"), sources));
        Assert.Null(rules.InhibitorOf(Alert("disk", "disk.full", "b"), sources));
    }

    [Fact]
    public void Equal_is_optional()
    {
        Assert.Empty(Assert.Single(Read($$"""{ {{SiteDown}} }""").Rules).Equal);
    }

    [Fact]
    public void Every_mistake_is_named_by_its_key_and_the_good_entries_stay()
    {
        var problems = ProblemsOf(
            $$"""
            { {{SiteDown}} equal = [site] }
            { target { match { all = [ { field = type, op = eq, value = x } ] } } }
            { {{SiteDown}} eqaul = [tenant] }
            { source { match { all = [] } }
              target { matches = 1 } }
            { {{SiteDown}} equal = [tenant] }
            """
        );

        Assert.Equal(
            [
                "alertactors.inhibit[0].equal[0]: \"site\" is not one of id, source, type, time, subject, severity, "
                    + "tenant, action, summary or data.<path> (an Alertmanager label site is data.labels.site)",
                "alertactors.inhibit[1].source: is required: source { match { all = [...] } }",
                "alertactors.inhibit[2].eqaul: unknown key (did you mean equal?)",
                "alertactors.inhibit[3].source.match.all: holds no condition; leave match out to take every event",
            ],
            problems.Take(4)
        );
        Assert.Single(Read($$"""{ {{SiteDown}} equal = [tenant] }""").Rules);
    }

    /// <summary>The key each problem names (the text before its first ": ").</summary>
    private static IEnumerable<string> KeysOf(IReadOnlyList<string> problems) =>
        problems.Select(p => p[..p.IndexOf(": ", StringComparison.Ordinal)]);

    [Fact]
    public void Every_problem_of_one_entry_is_reported_not_only_the_first()
    {
        var problems = ProblemsOf(
            """
            { source_matchers = [ { name = type, value = site.down } ]
              target { match { all = [ { field = type, op = eq, value = x } ] } }
              equal = [site] }
            """
        );

        Assert.Equal(
            [
                "alertactors.inhibit[0].source_matchers",
                "alertactors.inhibit[0].source",
                "alertactors.inhibit[0].equal[0]",
            ],
            KeysOf(problems)
        );
    }

    [Fact]
    public void Problems_in_both_sides_and_in_equal_are_all_reported()
    {
        var problems = ProblemsOf(
            """
            { source { match { all = [ { field = type, op = matches, value = x } ] } }
              target {
                match { all = [ { field = type, op = in, list = nosuchlist } ] }
                severity = high
              }
              equal = "data.site" }
            """
        );

        Assert.Equal(
            [
                "alertactors.inhibit[0].source.match.all[0].op",
                "alertactors.inhibit[0].target.severity",
                "alertactors.inhibit[0].target.match.all[0].list",
                "alertactors.inhibit[0].equal",
            ],
            KeysOf(problems)
        );
        Assert.Contains("alertactors.inhibit[0].equal: must be a list [ ..., ... ]", problems);
    }

    [Fact]
    public void Every_bad_equal_entry_is_reported_with_a_hint_that_echoes_its_name()
    {
        var problems = ProblemsOf($$"""{ {{SiteDown}} equal = [tenant, sitex, foo] }""");

        Assert.Equal(["alertactors.inhibit[0].equal[1]", "alertactors.inhibit[0].equal[2]"], KeysOf(problems));
        Assert.EndsWith("(an Alertmanager label sitex is data.labels.sitex)", problems[0]);
        Assert.EndsWith("(an Alertmanager label foo is data.labels.foo)", problems[1]);
    }

    [Theory]
    [InlineData("data.")]
    [InlineData("data..x")]
    [InlineData("data.x.")]
    public void An_equal_data_path_with_an_empty_segment_is_refused(string path)
    {
        var problem = Assert.Single(ProblemsOf($$"""{ {{SiteDown}} equal = ["{{path}}"] }"""));

        Assert.StartsWith($"alertactors.inhibit[0].equal[0]: \"{path}\" has an empty segment", problem);
    }

    [Fact]
    public void Not_a_list_is_a_problem()
    {
        var problems = new ConfigProblems();
        SettingsReader.Read(
            ConfigurationFactory.ParseString("alertactors.inhibit { source = x }").WithFallback(Base),
            problems
        );

        Assert.Contains(
            problems.Items,
            p => p.StartsWith("alertactors.inhibit: must be a list", StringComparison.Ordinal)
        );
    }
}
