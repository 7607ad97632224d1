using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace AlertActors.Cli;

/// <summary>Prints API answers as JSON (<c>--output json</c>) or as tables.</summary>
public static class Output
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Json(JsonNode node) => Console.WriteLine(node.ToJsonString(Indented));

    /// <summary>
    /// A table: drawn with Spectre.Console on a terminal; plain aligned text (one line per row, nothing wrapped)
    /// when the output is piped or redirected, so scripts and grep see whole dedup keys.
    /// </summary>
    public static void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (Console.IsOutputRedirected) PlainTable(Console.Out, headers, rows);
        else AnsiConsole.Write(SpectreTable(headers, rows));
    }

    public static void PlainTable(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
            output.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
    }

    public static Table SpectreTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers) table.AddColumn(new TableColumn(Markup.Escape(header)) { NoWrap = true });
        foreach (var row in rows) table.AddRow(row.Select(cell => new Text(cell)).ToArray<Spectre.Console.Rendering.IRenderable>());
        return table;
    }

    public static string Text(JsonNode? node, string name) => node?[name]?.ToString() ?? "";
}
