using AlertActors.Cli;
using Spectre.Console;

namespace AlertActors.IntegrationTests;

/// <summary>alertctl tables: Spectre.Console on a terminal, plain aligned lines when piped.</summary>
public sealed class AlertCtlOutputTests
{
    private const string LongKey = "site-a:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff-with-a-long-subject";
    private static readonly string[] Headers = ["DEDUP KEY", "STATUS"];
    private static readonly string[][] Rows =
    [
        [LongKey, "firing"],
        ["k[2]", "resolved"],
    ];

    [Fact]
    public void On_a_terminal_the_table_is_drawn_with_every_cell_whole_and_markup_characters_shown_as_they_are()
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(
            new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Out = new AnsiConsoleOutput(writer),
            }
        );
        console.Profile.Width = 200;

        console.Write(Output.SpectreTable(Headers, Rows));

        var lines = writer.ToString().Split('\n');
        Assert.Contains(
            lines,
            l => l.Contains(LongKey, StringComparison.Ordinal) && l.Contains("firing", StringComparison.Ordinal)
        );
        Assert.Contains(
            lines,
            l => l.Contains("k[2]", StringComparison.Ordinal) && l.Contains("resolved", StringComparison.Ordinal)
        );
        Assert.Contains(lines, l => l.Contains("DEDUP KEY", StringComparison.Ordinal));
    }

    [Fact]
    public void Piped_the_table_is_one_plain_aligned_line_per_row()
    {
        using var writer = new StringWriter();

        Output.PlainTable(writer, Headers, Rows);

        var lines = writer.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal(3, lines.Length);
        Assert.Equal($"{LongKey}  firing", lines[1]);
        Assert.Equal(
            lines[0].IndexOf("STATUS", StringComparison.Ordinal),
            lines[2].IndexOf("resolved", StringComparison.Ordinal)
        );
    }
}
