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
    /// <param name="empty">What to print instead of a table without rows, e.g. "no alerts".</param>
    public static void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string empty)
    {
        var all = rows.ToList();
        if (all.Count == 0)
            Console.WriteLine(empty);
        else if (Console.IsOutputRedirected)
            PlainTable(Console.Out, headers, all);
        else
            AnsiConsole.Write(SpectreTable(headers, all));
    }

    public static void PlainTable(
        TextWriter output,
        IReadOnlyList<string> headers,
        IEnumerable<IReadOnlyList<string>> rows
    )
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
        foreach (var header in headers)
            table.AddColumn(new TableColumn(Markup.Escape(header)) { NoWrap = true });
        foreach (var row in rows)
            table.AddRow(row.Select(cell => new Text(cell)).ToArray<Spectre.Console.Rendering.IRenderable>());
        return table;
    }

    /// <summary>The <c>deliveries</c> of an alert or group (as the API shows them) as a table.</summary>
    public static void Deliveries(JsonNode owner) =>
        Table(
            ["DELIVERY", "PROVIDER", "ACTION", "STATUS", "ATTEMPTS", "DETAIL"],
            (owner["deliveries"]?.AsArray() ?? []).Select(d =>
                (IReadOnlyList<string>)
                    [
                        Text(d, "id"),
                        Text(d, "provider"),
                        Text(d, "action"),
                        Text(d, "status"),
                        Text(d, "attempts"),
                        Text(d, "detail"),
                    ]
            ),
            "no deliveries"
        );

    public static string Text(JsonNode? node, string name) => node?[name]?.ToString() ?? "";

    /// <summary>How long ago an RFC 3339 time was, with its unit: <c>45s</c>, <c>12m</c>, <c>3h</c>, <c>2d</c>; empty
    /// when there is none.</summary>
    public static string Age(JsonNode? node, string name, DateTimeOffset now)
    {
        if (
            !DateTimeOffset.TryParse(
                Text(node, name),
                System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal,
                out var at
            )
        )
            return "";
        return Duration(now - at);
    }

    public static string Duration(TimeSpan span) =>
        span switch
        {
            { TotalSeconds: < 0 } => "0s",
            { TotalMinutes: < 1 } => $"{(int)span.TotalSeconds}s",
            { TotalHours: < 1 } => $"{(int)span.TotalMinutes}m",
            { TotalDays: < 1 } => $"{(int)span.TotalHours}h",
            _ => $"{(int)span.TotalDays}d",
        };

    /// <summary>"showing 100 of 127 (use --offset and --limit, or --all)" when the page holds less than the total;
    /// nothing otherwise.</summary>
    public static void PageNote(int shown, long offset, long total, string what)
    {
        if (offset == 0 && shown >= total)
            return;
        Console.WriteLine($"{what} {offset + 1}-{offset + shown} of {total} (use --offset and --limit, or --all)");
    }
}
