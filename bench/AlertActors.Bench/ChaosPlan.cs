using System.Text;

namespace AlertActors.Bench;

/// <summary>
/// What the <c>chaos</c> stream sends and what it must lead to. Event <c>i</c> belongs to key <c>i % keys</c>
/// (so one key's events are <c>keys</c> events apart) and is a trigger or, with a seeded probability, a resolve.
/// Folding a key's events through the alert lifecycle (README.md, Alert lifecycle: a trigger opens a firing period
/// unless one is open, a resolve closes an open one and is ignored otherwise) gives the provider calls the key must
/// produce, in order, its occurrences (every trigger event counts once) and its final status.
/// </summary>
public sealed class ChaosPlan
{
    public const string Type = "chaos.check";
    public const string Source = "bench-chaos";
    public const string Trigger = "trigger";
    public const string Resolve = "resolve";

    private readonly bool[] _resolve;

    public ChaosPlan(int keys, int events, int seed, double resolveShare = 0.35)
    {
        Keys = keys;
        var random = new Random(seed);
        _resolve = Enumerable.Range(0, events).Select(_ => random.NextDouble() < resolveShare).ToArray();
    }

    public int Keys { get; }

    public int Events => _resolve.Length;

    public static string Subject(int key) => $"key-{key}";

    public static string DedupKey(int key) => $"default:{Type}:{Subject(key)}";

    public int KeyOf(int i) => i % Keys;

    public bool IsResolve(int i) => _resolve[i];

    public byte[] Payload(int i) =>
        Encoding.UTF8.GetBytes(
            $$"""{"specversion":"1.0","id":"chaos-{{i}}","source":"{{Source}}","type":"{{Type}}","subject":"{{Subject(KeyOf(i))}}","severity":"critical","action":"{{(_resolve[i] ? Resolve : Trigger)}}"}"""
        );

    /// <summary>What key <paramref name="key"/> must show once the first <paramref name="produced"/> events are
    /// processed.</summary>
    public Expectation Expect(int key, int produced)
    {
        var calls = new List<string>();
        var triggers = 0;
        var firing = false;
        for (var i = key; i < produced; i += Keys)
        {
            if (_resolve[i])
            {
                if (firing)
                    calls.Add(Resolve);
                firing = false;
            }
            else
            {
                triggers++;
                if (!firing)
                    calls.Add(Trigger);
                firing = true;
            }
        }
        return new Expectation(
            triggers,
            calls,
            triggers == 0 ? null
                : firing ? "firing"
                : "resolved"
        );
    }

    /// <param name="Occurrences">Trigger events of the key (resolves do not count as occurrences).</param>
    /// <param name="Calls">The provider calls in lifecycle order: trigger, resolve, trigger, …</param>
    /// <param name="FinalStatus">firing or resolved; null when the key only ever got resolves (no alert
    /// exists).</param>
    public sealed record Expectation(int Occurrences, IReadOnlyList<string> Calls, string? FinalStatus)
    {
        /// <summary>The alert's timeline changes the calls imply.</summary>
        public IEnumerable<string> Timeline => Calls.Select(c => c == Trigger ? "firing" : "resolved");
    }

    /// <summary>
    /// Invalid messages of every kind the parser must refuse (docs/http-api.md, Events), round-robin; each must end up
    /// in the dead-letter topic and never become an alert.
    /// </summary>
    /// <param name="skip">Leave out the kinds whose name starts with this (to get past a known bug while chasing
    /// others).</param>
    public static IReadOnlyList<(string Kind, byte[] Value)> Poison(int count, string? skip = null)
    {
        var kinds = new (string Kind, Func<int, byte[]> Value)[]
        {
            ("not JSON", n => Encoding.UTF8.GetBytes($"poison-{n} <<this is not JSON>>")),
            (
                "JSON without id, source, type",
                n => Encoding.UTF8.GetBytes($$"""{"poison":"poison-{{n}}","severity":"critical"}""")
            ),
            (
                "wrong field types",
                n =>
                    Encoding.UTF8.GetBytes(
                        $$"""{"id":"poison-{{n}}","source":42,"type":true,"subject":"poison","severity":"critical"}"""
                    )
            ),
            ("unknown severity", n => Event(n, """ "severity":"catastrophic" """)),
            ("unknown action", n => Event(n, """ "severity":"critical","action":"explode" """)),
            ("specversion 2.0", n => Event(n, """ "severity":"critical","specversion":"2.0" """)),
            ("time not RFC 3339", n => Event(n, """ "severity":"critical","time":"yesterday" """)),
            ("JSON array", n => Encoding.UTF8.GetBytes($$"""[{"id":"poison-{{n}}","source":"x","type":"y"}]""")),
            ("over 64 KiB", n => Event(n, $" \"severity\":\"critical\",\"summary\":\"{new string('x', 70_000)}\" ")),
            (
                "invalid UTF-8",
                n => [.. Encoding.UTF8.GetBytes($"{{\"id\":\"poison-{n}\",\"source\":\""), 0xff, 0xfe, .. "\"}"u8]
            ),
            ("empty value", _ => []),
        };
        kinds = kinds
            .Where(k => skip is not { Length: > 0 } || !k.Kind.StartsWith(skip, StringComparison.OrdinalIgnoreCase))
            .ToArray();
        return Enumerable
            .Range(0, count)
            .Select(n => (kinds[n % kinds.Length].Kind, kinds[n % kinds.Length].Value(n)))
            .ToList();

        static byte[] Event(int n, string extra) =>
            Encoding.UTF8.GetBytes(
                $$"""{"id":"poison-{{n}}","source":"{{Source}}","type":"chaos.poison","subject":"poison-{{n}}",{{extra.Trim()}}}"""
            );
    }
}
