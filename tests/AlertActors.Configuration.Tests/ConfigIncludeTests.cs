using System.Collections;

namespace AlertActors.Configuration.Tests;

/// <summary>
/// An operator file may split its configuration with HOCON's <c>include "file.conf"</c> (relative to the including
/// file): the included keys apply, and an included file that is missing, does not parse, or includes itself is a
/// problem naming the file, not an exception.
/// </summary>
public sealed class ConfigIncludeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("alertactors-include-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (IReadOnlyList<string> Problems, AlertActorsSettings Settings) Read(string hocon)
    {
        var file = Path.Combine(_directory, "main.conf");
        File.WriteAllText(file, hocon);
        var problems = new ConfigProblems();
        var (_, settings) = ConfigLoader.Read(RuleConfig.HoconDirectory, file, new Hashtable(), problems);
        return (problems.Items, settings);
    }

    [Fact]
    public void Keys_of_an_included_file_apply_and_the_including_file_overrides_them()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "conf.d"));
        File.WriteAllText(
            Path.Combine(_directory, "conf.d", "rules.conf"),
            """
            alertactors.rules = [ { name = included-rule, match { all = [ { field = type, op = eq, value = x } ] } } ]
            alertactors.defaults.repeat-interval = 2h
            """
        );

        var (problems, settings) = Read(
            """
            include "conf.d/rules.conf"
            alertactors.defaults.repeat-interval = 3h
            """
        );

        Assert.Empty(problems);
        var rule = Assert.Single(settings.Rules.Rules);
        Assert.Equal("included-rule", rule.Name);
        Assert.Equal(TimeSpan.FromHours(3), rule.Policy.RepeatInterval);
    }

    [Fact]
    public void A_missing_included_file_is_a_problem_naming_it()
    {
        var (problems, _) = Read("""include "nope.conf" """);

        var problem = Assert.Single(problems);
        Assert.Contains("main.conf", problem);
        Assert.Contains("nope.conf", problem);
        Assert.Contains("does not exist", problem);
    }

    [Fact]
    public void An_included_file_that_does_not_parse_is_a_problem_with_its_line()
    {
        File.WriteAllText(Path.Combine(_directory, "broken.conf"), "alertactors {\n  defaults {\n");

        var (problems, _) = Read("""include "broken.conf" """);

        Assert.Contains(problems, p => p.Contains("broken.conf", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_that_includes_itself_is_a_problem_not_a_stack_overflow()
    {
        var (problems, _) = Read("""include "main.conf" """);

        Assert.Contains(problems, p => p.Contains("includes itself", StringComparison.Ordinal));
    }
}
