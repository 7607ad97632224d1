using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace AlertActors.Configuration;

/// <summary>
/// Refuses keys under <c>alertactors</c> that the node does not know, so a typo (<c>routing_key</c>, <c>rulez</c>) can
/// never silently leave a setting at its default (a routing key left empty means dry-run: nobody is paged). The known
/// keys are those of the shipped defaults (hocon/alertactors.conf lists every key with its default), except in the maps
/// whose keys the operator names (<see cref="OpenMaps"/>) and the parts other readers check key by key
/// (<see cref="CheckedElsewhere"/>).
/// </summary>
public static class UnknownKeys
{
    /// <summary>Objects whose keys are the operator's own: librdkafka properties, HTTP headers, tenants, list
    /// names.</summary>
    public static readonly IReadOnlySet<string> OpenMaps = new HashSet<string>(StringComparer.Ordinal)
    {
        "kafka.client",
        "webhook.headers",
        "lists",
        "pagerduty.routing.by-tenant",
        "pagerduty.routing.by-severity",
        "opsgenie.routing.by-tenant",
        "opsgenie.routing.by-severity",
    };

    /// <summary>Checked key by key where they are read: rules and defaults by <see cref="RuleReader"/>, inhibit by
    /// <see cref="InhibitReader"/>, time intervals by <see cref="TimeIntervalReader"/>, tokens where they are
    /// read.</summary>
    public static readonly IReadOnlySet<string> CheckedElsewhere = new HashSet<string>(StringComparer.Ordinal)
    {
        "rules",
        "inhibit",
        "defaults",
        "http.tokens",
        "time-intervals",
    };

    /// <summary>Records one problem per key of <paramref name="config"/>'s <c>alertactors</c> section that
    /// <paramref name="defaults"/> does not have.</summary>
    public static void Check(Config config, Config defaults, ConfigProblems problems)
    {
        if (!config.HasPath("alertactors") || !defaults.HasPath("alertactors"))
            return;
        Walk(config.GetConfig("alertactors").Root, defaults.GetConfig("alertactors").Root, "", problems);
    }

    private static void Walk(HoconValue value, HoconValue known, string path, ConfigProblems problems)
    {
        if (!value.IsObject())
            return;
        var knownKeys = known.GetObject().Items;
        foreach (var (key, child) in value.GetObject().Items)
        {
            var childPath = path.Length == 0 ? key : $"{path}.{key}";
            if (CheckedElsewhere.Contains(childPath))
                continue;
            if (!knownKeys.TryGetValue(key, out var knownChild))
            {
                problems.Add($"alertactors.{childPath}: {Describe(key, [.. knownKeys.Keys])}");
                continue;
            }
            var expectsObject = knownChild.IsObject();
            if (expectsObject && !child.IsObject())
                problems.Add(
                    $"alertactors.{childPath}: must be an object {{ {string.Join(", ", knownChild.GetObject().Items.Keys.Take(4).Select(k => k + " = ..."))}{(knownChild.GetObject().Items.Count > 4 ? ", ..." : "")} }}"
                );
            else if (!expectsObject && child.IsObject() && !OpenMaps.Contains(childPath))
                problems.Add(
                    $"alertactors.{childPath}: must be {(knownChild.IsArray() ? "a list [ ... ]" : "a single value")}, not an object"
                );
            else if (expectsObject && !OpenMaps.Contains(childPath))
                Walk(child, knownChild, childPath, problems);
        }
    }

    /// <summary>"unknown key (did you mean routing-key?)", or "unknown key; expected one of ..." when nothing is
    /// close.</summary>
    public static string Describe(string key, IReadOnlyList<string> known)
    {
        var suggestion = Closest(key, known);
        return suggestion is null
            ? $"unknown key; expected one of {string.Join(", ", known)}"
            : $"unknown key (did you mean {suggestion}?)";
    }

    /// <summary>The name of <paramref name="known"/> that <paramref name="key"/> is most likely a typo of, or null when
    /// none is close.</summary>
    public static string? Closest(string key, IEnumerable<string> known) =>
        known
            .Select(k => (Key: k, Distance: Distance(Normalize(k), Normalize(key))))
            .Where(c => c.Distance <= Math.Max(2, key.Length / 4))
            .OrderBy(c => c.Distance)
            .Select(c => c.Key)
            .FirstOrDefault();

    /// <summary>Case and the separators operators mix up (<c>_</c> for <c>-</c>) do not count as distance.</summary>
    private static string Normalize(string key) => key.ToLowerInvariant().Replace('_', '-');

    /// <summary>Levenshtein distance.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(
                    Math.Min(current[j - 1] + 1, previous[j] + 1),
                    previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                );
            previous = current;
        }
        return previous[b.Length];
    }
}
