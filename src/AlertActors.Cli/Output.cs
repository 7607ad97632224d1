using System.Text.Json;
using System.Text.Json.Nodes;

namespace AlertActors.Cli;

/// <summary>Prints API answers as JSON (<c>--output json</c>) or as plain aligned text.</summary>
public static class Output
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Json(JsonNode node) => Console.WriteLine(node.ToJsonString(Indented));

    public static void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        foreach (var row in all)
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
    }

    public static string Text(JsonNode? node, string name) => node?[name]?.ToString() ?? "";
}
