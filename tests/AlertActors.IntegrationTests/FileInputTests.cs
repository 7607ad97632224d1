using System.Text.Json;
using AlertActors.TestSupport;

namespace AlertActors.IntegrationTests;

/// <summary>The file input: JSON lines appended to a file feed the same pipeline, resuming where it left off.</summary>
public sealed class FileInputTests : IDisposable
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly TestDirectory _directory = new();

    [Fact]
    public async Task Appended_lines_become_occurrences_invalid_lines_are_rejected_and_a_restart_reads_only_new_lines()
    {
        var input = Path.Combine(_directory.Path, "events.jsonl");
        var hocon = $"alertactors.file-input {{ path = {TestNode.Quote(input)}, poll-interval = 100ms }}";
        await File.WriteAllTextAsync(input, Line("f-1") + "{ \"not\": json <b>\n" + Line("f-2"));

        await using (var node = await TestNode.StartAsync(_directory, hocon))
        {
            await Eventually.HoldsAsync(
                async () => await OccurrencesAsync(node) == 2,
                Within,
                "the two valid lines were never recorded"
            );
            await Eventually.HoldsAsync(
                () => File.Exists(input + ".rejected"),
                Within,
                "the invalid line was never rejected"
            );
            var rejected = await File.ReadAllTextAsync(input + ".rejected");
            Assert.Contains("body is not valid JSON", rejected);
            Assert.Contains(
                """
                "line":"{ \"not\": json <b>"
                """,
                rejected
            ); // the line as it was, JSON-escaped only where JSON needs it (no \u0022, \u003C)
        }

        await File.AppendAllTextAsync(input, Line("f-3"));
        await using var restarted = await TestNode.StartAsync(_directory, hocon);
        await Eventually.HoldsAsync(
            async () => await OccurrencesAsync(restarted) == 3,
            Within,
            "the appended line was never recorded"
        );
        Assert.Single(await File.ReadAllLinesAsync(input + ".rejected"), l => l.Length > 0);
    }

    private static string Line(string id) =>
        JsonSerializer.Serialize(
            new
            {
                id,
                source = "file-watcher",
                type = "health.check.failed",
                subject = "db-7",
                severity = "critical",
            }
        ) + "\n";

    private static async Task<long> OccurrencesAsync(TestNode node) =>
        (await node.TryGetAlertAsync("default:health.check.failed:db-7"))?["occurrences"]?.GetValue<long>() ?? 0;

    public void Dispose() => _directory.Dispose();
}
