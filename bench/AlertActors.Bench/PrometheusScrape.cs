using System.Globalization;

namespace AlertActors.Bench;

/// <summary>One scrape of a node's <c>GET /metrics</c> (Prometheus text format), with sums over the samples of a
/// metric.</summary>
public sealed class PrometheusScrape
{
    private readonly List<(string Name, string Labels, double Value)> _samples = [];

    private PrometheusScrape(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            var brace = line.IndexOf('{');
            var space = line.IndexOf(' ');
            string name,
                labels,
                rest;
            if (brace >= 0 && (space < 0 || brace < space))
            {
                var close = line.LastIndexOf('}');
                if (close < brace)
                    continue;
                name = line[..brace];
                labels = line[(brace + 1)..close];
                rest = line[(close + 1)..].Trim();
            }
            else if (space > 0)
            {
                name = line[..space];
                labels = "";
                rest = line[(space + 1)..].Trim();
            }
            else
            {
                continue;
            }
            var value = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (
                value is not null
                && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            )
                _samples.Add((name, labels, number));
        }
    }

    public static async Task<PrometheusScrape> FromAsync(
        HttpClient http,
        CancellationToken cancellationToken = default
    ) => new(await http.GetStringAsync("/metrics", cancellationToken));

    /// <summary>The sum of every sample named <paramref name="name"/> whose labels contain each of
    /// <paramref name="labels"/> (e.g. <c>timers="armed"</c>); null when there is none.</summary>
    public double? Sum(string name, params string[] labels)
    {
        var matching = _samples
            .Where(s => s.Name == name && labels.All(l => s.Labels.Contains(l, StringComparison.Ordinal)))
            .ToList();
        return matching.Count == 0 ? null : matching.Sum(s => s.Value);
    }

    /// <summary>Names of the samples starting with <paramref name="prefix"/>, for finding runtime metrics.</summary>
    public IEnumerable<string> Names(string prefix) =>
        _samples.Select(s => s.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Distinct();
}
