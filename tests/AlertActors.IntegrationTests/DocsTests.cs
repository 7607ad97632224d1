using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using AlertActors.Configuration;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>The project's reference lives in the repository (docs/), in its own words, and stays complete as keys are
/// added.</summary>
public sealed class DocsTests
{
    private static readonly string Root = Repository.Root;

    private static string Read(params string[] path) => File.ReadAllText(Path.Combine([Root, .. path]));

    [Fact]
    public void Nothing_in_the_readme_docs_code_or_configuration_cites_documents_outside_the_repository()
    {
        var files = new[] { "README.md" }
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories))
            .Concat(
                new[] { "src", "tests", "bench", "hocon", "deploy" }.SelectMany(dir =>
                    Directory.EnumerateFiles(Path.Combine(Root, dir), "*.*", SearchOption.AllDirectories)
                )
            )
            .Where(f =>
                !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
            )
            .Where(f =>
                f.EndsWith(".md")
                || f.EndsWith(".cs")
                || f.EndsWith(".conf")
                || f.EndsWith(".yaml")
                || f.EndsWith("Dockerfile")
            )
            .Where(f => !f.EndsWith(nameof(DocsTests) + ".cs"));
        // ../shared/anchors is not a citation: the alertmanager benchmark reads its anchor from there at run time.
        var citations = new Regex(@"\.\./shared(?!/anchors)|\bDESIGN\b|\bCONTRACT\b");

        var offenders = files.Where(f => citations.IsMatch(File.ReadAllText(Path.Combine(Root, f)))).ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_key_and_environment_variable_the_node_knows_is_in_the_configuration_reference()
    {
        var doc = Read("docs", "configuration.md");
        var defaults = ConfigurationFactory.ParseString(Read("hocon", "alertactors.conf"));
        var keys = new List<string>();
        Collect(defaults.GetConfig("alertactors").Root, "alertactors", keys);

        var missing = keys.Concat(ConfigLoader.EnvironmentKeys.Keys)
            .Where(k => !doc.Contains($"`{k}`", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, $"not in docs/configuration.md: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_readme_shows_check_config_and_links_the_reference()
    {
        var readme = Read("README.md");

        Assert.Contains("dotnet run --project src/AlertActors.Host -- check-config --config", readme);
        foreach (var link in Regex.Matches(readme, @"\]\((docs/[^)#]+)").Select(m => m.Groups[1].Value).Distinct())
            Assert.True(File.Exists(Path.Combine(Root, link)), $"README links {link}, which does not exist");
        Assert.Contains("docs/configuration.md", readme);
        Assert.Contains("docs/http-api.md", readme);
        Assert.Contains("docs/operations.md", readme);
    }

    /// <summary>Leaf keys, and the objects whose keys are the operator's own (they are documented as a
    /// whole).</summary>
    private static void Collect(HoconValue value, string path, List<string> keys)
    {
        if (
            !value.IsObject()
            || (path.Length > "alertactors.".Length && UnknownKeys.OpenMaps.Contains(path["alertactors.".Length..]))
        )
        {
            keys.Add(path);
            return;
        }
        var items = value.GetObject().Items;
        if (
            items.Count == 0
            || path.EndsWith("severity-map")
            || path.EndsWith("priority-map")
            || path.EndsWith("threshold")
            || path.EndsWith("throttle")
        )
        {
            keys.Add(path);
            return;
        }
        foreach (var (key, child) in items)
            Collect(child, $"{path}.{key}", keys);
    }
}
