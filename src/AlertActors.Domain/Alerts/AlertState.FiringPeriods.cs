using AlertActors.Domain.Reports;
using static AlertActors.Domain.Alerts.AlertJournalEvents;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// The firing periods of an alert, read from its timeline: each <c>firing</c> entry begins one, which lasts until the
/// next; its first <c>acknowledged</c> and <c>resolved</c> entries are its acknowledgement and resolve. What incident
/// metrics (MTTA, MTTR) and the postmortem timeline are made of.
/// </summary>
public sealed partial record AlertState
{
    /// <summary>Trigger occurrences of the current period, counted from the first one after the alert was new or
    /// resolved (<see cref="PeriodStartedAt"/>); 0 in states journaled before it existed.</summary>
    public long PeriodOccurrences { get; init; }

    /// <summary>When the current (latest) firing period fired, or null when the alert never fired.</summary>
    public DateTimeOffset? CurrentPeriodFiredAt => Timeline.FindLast(e => e.Change == TimelineChanges.Firing)?.At;

    /// <summary>Every firing period, oldest first. Numbers are aligned so that the latest is
    /// <see cref="FiringPeriod"/>. Only the latest (while no new pending period has begun) knows its
    /// occurrences.</summary>
    public IReadOnlyList<FiringPeriodRecord> FiringPeriods()
    {
        var spans = FiringPeriodSpans();
        var periods = new List<FiringPeriodRecord>(spans.Count);
        foreach (var (period, start, end) in spans)
        {
            var fired = Timeline[start];
            TimelineEntry? acknowledged = null,
                resolved = null;
            for (var i = start + 1; i < end && resolved is null; i++)
            {
                var entry = Timeline[i];
                if (entry.Change == TimelineChanges.Acknowledged)
                    acknowledged ??= entry;
                else if (entry.Change == TimelineChanges.Resolved)
                    resolved = entry;
            }
            var countsKnown = period == FiringPeriod && Status is not AlertStatus.Pending && PeriodOccurrences > 0;
            periods.Add(
                new FiringPeriodRecord(
                    DedupKey,
                    period,
                    Rule,
                    Tenant,
                    Severity,
                    fired.At,
                    acknowledged?.At,
                    acknowledged?.By,
                    resolved?.At,
                    resolved?.By,
                    resolved is null ? null : ChangeVia.Of(resolved),
                    countsKnown ? PeriodOccurrences : null,
                    countsKnown ? PeriodStartedAt : null,
                    countsKnown ? LastSeen : null
                )
            );
        }
        return periods;
    }

    /// <summary>The timeline entries of firing period <paramref name="period"/> (from its <c>firing</c> entry to the
    /// next one), or null when the alert has no such period.</summary>
    public IReadOnlyList<TimelineEntry>? TimelineOf(int period) =>
        FiringPeriodSpans().FirstOrDefault(s => s.Period == period) is { End: > 0 } span
            ? Timeline.GetRange(span.Start, span.End - span.Start)
            : null;

    /// <summary>
    /// The response times that <paramref name="events"/>, decided by this state, measure: the time to acknowledge of
    /// an acknowledgement of a firing alert and the time to resolve of a resolve of a firing or acknowledged one (a
    /// pending alert that resolves never fired). Called by the alert with what it has just journaled, so each is
    /// measured once.
    /// </summary>
    public IReadOnlyList<ResponseTime> ResponseTimesOf(IEnumerable<IAlertJournalEvent> events)
    {
        var measured = new List<ResponseTime>();
        var state = this;
        foreach (var evt in events.SelectMany(e => e is Batch batch ? batch.Events.AsEnumerable() : [e]))
        {
            if (state.CurrentPeriodFiredAt is { } firedAt)
            {
                var measure = evt switch
                {
                    Acknowledged when state.Status == AlertStatus.Firing => ResponseMeasure.Acknowledge,
                    Resolved when state.Status.IsOpen() => ResponseMeasure.Resolve,
                    _ => (ResponseMeasure?)null,
                };
                var at = evt switch
                {
                    Acknowledged a => a.At,
                    Resolved r => r.At,
                    _ => firedAt,
                };
                if (measure is { } m)
                    measured.Add(
                        new ResponseTime(
                            m,
                            at - firedAt,
                            state.DedupKey,
                            state.FiringPeriod,
                            state.Rule,
                            state.Tenant,
                            state.Severity
                        )
                    );
            }
            state = state.Apply(evt);
        }
        return measured;
    }

    private List<(int Period, int Start, int End)> FiringPeriodSpans()
    {
        var starts = new List<int>();
        for (var i = 0; i < Timeline.Count; i++)
        {
            if (Timeline[i].Change == TimelineChanges.Firing)
                starts.Add(i);
        }
        var first = FiringPeriod - starts.Count + 1;
        return
        [
            .. starts.Select((start, n) => (first + n, start, n + 1 < starts.Count ? starts[n + 1] : Timeline.Count)),
        ];
    }
}

/// <summary>The <see cref="TimelineEntry.Change"/> of the lifecycle transitions firing periods are read from.</summary>
public static class TimelineChanges
{
    public const string Firing = "firing";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
}
