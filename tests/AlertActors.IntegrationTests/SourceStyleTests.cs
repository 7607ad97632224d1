using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>
/// What the formatter does not check: the code's layout is CSharpier's (120 columns, .editorconfig; an unformatted file
/// fails the build), but it neither wraps comments nor splits files. A file holds one concept in at most
/// <see cref="MaxLines"/> lines, and a comment line is at most <see cref="MaxColumns"/> characters.
/// </summary>
public sealed class SourceStyleTests
{
    private const int MaxLines = 400;
    private const int MaxColumns = 120;

    private static IEnumerable<string> SourceFiles() =>
        new[] { "src", "tests", "bench" }
            .SelectMany(dir =>
                Directory.EnumerateFiles(Path.Combine(Repository.Root, dir), "*.cs", SearchOption.AllDirectories)
            )
            .Where(file =>
                !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                && !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
            );

    [Fact]
    public void No_source_file_is_over_400_lines()
    {
        var tooLong = SourceFiles()
            .Select(file => (File: Path.GetRelativePath(Repository.Root, file), Lines: File.ReadAllLines(file).Length))
            .Where(file => file.Lines > MaxLines)
            .Select(file => $"{file.File}: {file.Lines} lines")
            .ToList();

        Assert.Empty(tooLong);
    }

    [Fact]
    public void No_comment_line_is_wider_than_120_characters()
    {
        var tooWide = SourceFiles()
            .SelectMany(file =>
                File.ReadAllLines(file)
                    .Select((line, index) => (Line: line, Number: index + 1))
                    .Where(line => line.Line.Length > MaxColumns && line.Line.TrimStart().StartsWith("//"))
                    .Select(line => $"{Path.GetRelativePath(Repository.Root, file)}:{line.Number}")
            )
            .ToList();

        Assert.Empty(tooWide);
    }
}
