namespace AlertActors.Bench;

/// <summary>What one key showed against what its events imply.</summary>
internal sealed record KeyVerdict(
    int Key,
    ChaosPlan.Expectation Expected,
    IReadOnlyList<string> Calls,
    AlertSeen? Alert
)
{
    private List<string> Runs { get; } = Collapse(Calls);

    /// <summary>Calls repeated back to back (at-least-once: allowed, counted).</summary>
    public int Repeats => Calls.Count - Runs.Count;

    private IReadOnlyList<string> InOrder =>
        Expected
            .Calls.Take(Runs.Zip(Expected.Calls, (seen, wanted) => seen == wanted).TakeWhile(same => same).Count())
            .ToList();

    public int TriggersInOrder => InOrder.Count(c => c == ChaosPlan.Trigger);

    public int ResolvesInOrder => InOrder.Count(c => c == ChaosPlan.Resolve);

    /// <summary>The alert's firing/resolved history or final status differs from what the events imply, in their
    /// order.</summary>
    public bool LifecycleWrong =>
        Alert?.Status != Expected.FinalStatus || !(Alert?.Timeline ?? []).SequenceEqual(Expected.Timeline);

    private List<string> Mirror => CallsOf(Alert?.Timeline ?? []).ToList();

    /// <summary>The stub got a call the alert's own timeline does not imply, or in another order.</summary>
    public bool DeliveryOutOfOrder => !(Runs.Count <= Mirror.Count && Runs.SequenceEqual(Mirror.Take(Runs.Count)));

    /// <summary>A call the alert's timeline implies never reached the stub.</summary>
    public bool DeliveryLost => !DeliveryOutOfOrder && Runs.Count < Mirror.Count;

    public long OccurrencesShort => Math.Max(0, Expected.Occurrences - Math.Max(0, Alert?.Occurrences ?? 0));

    public long OccurrencesOver => Math.Max(0, (Alert?.Occurrences ?? 0) - Expected.Occurrences);

    public bool OutOfOrder => LifecycleWrong || DeliveryOutOfOrder;

    public bool Lost => OccurrencesShort > 0 || DeliveryLost;

    public string Describe() =>
        $"{ChaosPlan.DedupKey(Key)}: events imply [{Short(Expected.Calls)}], {Expected.Occurrences} occurrences, final {Expected.FinalStatus ?? "(no alert)"}; "
        + (
            Alert is null
                ? "no alert"
                : $"alert: {Alert.Occurrences} occurrences, {Alert.Status}, timeline [{Short(CallsOf(Alert.Timeline))}]"
        )
        + $"; stub got [{Short(Calls)}]";

    private static string Short(IEnumerable<string> calls) =>
        string.Join(
            " ",
            calls.Select(c =>
                c == ChaosPlan.Trigger ? "T"
                : c == ChaosPlan.Resolve ? "R"
                : c
            )
        );

    /// <summary>
    /// Nothing more will change for this key: every trigger event counted (or, for a key that only got resolves, no
    /// alert), no delivery pending, and the stub got the calls the alert's timeline implies.
    /// </summary>
    public static bool Settled(AlertSeen? alert, ChaosPlan.Expectation expected, IReadOnlyList<string> calls) =>
        expected.FinalStatus is null
            ? alert is null && calls.Count == 0
            : alert is { Undelivered: 0 }
                && alert.Occurrences == expected.Occurrences
                && Collapse(calls).SequenceEqual(CallsOf(alert.Timeline));

    /// <summary>Consecutive repeats of one call folded into one (at-least-once: a call may arrive more than
    /// once).</summary>
    public static List<string> Collapse(IReadOnlyList<string> calls)
    {
        var runs = new List<string>();
        foreach (var call in calls)
            if (runs.Count == 0 || runs[^1] != call)
                runs.Add(call);
        return runs;
    }

    /// <summary>The provider calls a timeline implies: a trigger when it fired, a resolve when it resolved.</summary>
    public static IEnumerable<string> CallsOf(IEnumerable<string> timeline) =>
        timeline.Select(change =>
            change == "firing" ? ChaosPlan.Trigger
            : change == "resolved" ? ChaosPlan.Resolve
            : change
        );
}

/// <summary>One key's alert as GET /api/v1/alerts/{key} showed it (Occurrences -1 and the error in Status when it could
/// not be read).</summary>
internal sealed record AlertSeen(long Occurrences, string Status, IReadOnlyList<string> Timeline, int Undelivered);
