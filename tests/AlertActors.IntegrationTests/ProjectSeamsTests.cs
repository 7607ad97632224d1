using System.Text.RegularExpressions;
using System.Xml.Linq;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// The seams of docs/architecture.md hold in the code: each project under src/ has a purpose, is described in the docs
/// and in the README's layout, and references only the projects it may depend on, so dependencies point one way.
/// </summary>
public sealed partial class ProjectSeamsTests
{
    private static readonly string Root = Repository.Root;

    /// <summary>What each project under src/ may reference (the table "What may depend on what" in
    /// docs/architecture.md).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["AlertActors.Domain"] = [],
        ["AlertActors.Notifications"] = ["AlertActors.Domain"],
        ["AlertActors.Configuration"] = ["AlertActors.Domain", "AlertActors.Notifications"],
        ["AlertActors.Actors"] = ["AlertActors.Domain", "AlertActors.Notifications", "AlertActors.Configuration"],
        ["AlertActors.Projection"] = ["AlertActors.Domain", "AlertActors.Configuration", "AlertActors.Actors"],
        ["AlertActors.Ingest"] = ["AlertActors.Domain", "AlertActors.Configuration", "AlertActors.Actors"],
        ["AlertActors.Formation"] = ["AlertActors.Configuration"],
        ["AlertActors.Hosting"] =
        [
            "AlertActors.Actors",
            "AlertActors.Configuration",
            "AlertActors.Projection",
            "AlertActors.Ingest",
            "AlertActors.Formation",
        ],
        ["AlertActors.Host"] = ["AlertActors.Hosting"],
        ["AlertActors.Cli"] = ["AlertActors.Host"],
    };

    private static IEnumerable<string> SourceProjects() =>
        Directory
            .EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetFileNameWithoutExtension(p)!)
            .Order();

    private static XDocument ProjectFile(string project) =>
        XDocument.Load(Path.Combine(Root, "src", project, project + ".csproj"));

    [Fact]
    public void Every_source_project_is_one_of_the_documented_seams()
    {
        Assert.Equal(Allowed.Keys.Order(), SourceProjects());
    }

    [Fact]
    public void Source_projects_reference_only_what_they_may_depend_on()
    {
        var offenders = SourceProjects()
            .SelectMany(project =>
                ProjectFile(project)
                    .Descendants("ProjectReference")
                    .Select(reference =>
                        Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/'))
                    )
                    .Where(referenced => !Allowed[project].Contains(referenced))
                    .Select(referenced => $"{project} -> {referenced}")
            )
            .ToList();

        Assert.True(
            offenders.Count == 0,
            $"references outside docs/architecture.md's table: {string.Join(", ", offenders)}"
        );
    }

    [Fact]
    public void Every_source_project_states_its_purpose_and_the_docs_name_it()
    {
        var architecture = File.ReadAllText(Path.Combine(Root, "docs", "architecture.md"));
        var layout = ReadmeLayout();
        foreach (var project in SourceProjects())
        {
            var description = ProjectFile(project).Descendants("Description").SingleOrDefault()?.Value;
            Assert.False(string.IsNullOrWhiteSpace(description), $"{project}.csproj has no <Description>");
            Assert.Contains($"| `{project}` |", architecture);
            Assert.Contains($"src/{project}/", layout);
        }
    }

    [Fact]
    public void The_readme_layout_names_only_paths_that_exist_and_every_test_project()
    {
        var layout = ReadmeLayout();
        foreach (var path in SourcePath().Matches(layout).Select(m => m.Value))
            Assert.True(
                Directory.Exists(Path.Combine(Root, path)),
                $"README's layout names {path}, which does not exist"
            );
        foreach (var test in Directory.EnumerateDirectories(Path.Combine(Root, "tests")).Select(Path.GetFileName))
            Assert.Contains(test!["AlertActors.".Length..], layout);
    }

    /// <summary>The code block under the README's "## Layout" heading.</summary>
    private static string ReadmeLayout()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var section = readme[readme.IndexOf("## Layout", StringComparison.Ordinal)..];
        var start = section.IndexOf("```", StringComparison.Ordinal) + 3;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"src/AlertActors\.[A-Za-z]+/")]
    private static partial Regex SourcePath();
}
