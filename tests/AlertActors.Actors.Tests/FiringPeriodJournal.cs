using System.Collections.Immutable;
using Akka.Persistence.Query;
using AlertActors.Actors.Alerts;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Reports;
using AlertActors.Domain.Rules;
using AlertActors.Projection;

namespace AlertActors.Actors.Tests;

/// <summary>
/// The journal of two alerts' lives, decided by <see cref="AlertState"/> itself and written as the alert entity writes
/// (one journal event per write), for the read store's <c>firing_period</c> tests on SQLite and PostgreSQL:
/// <c>site-a:dns</c> fires (high), is acknowledged by alice after 3 minutes and resolved through the API by bob after
/// 20; fires again (critical) and auto-resolves; <c>site-b:disk</c> fires and is resolved by an event 2 minutes later.
/// </summary>
public static class FiringPeriodJournal
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);

    /// <summary>The journal events in ordering (1, 2, ...), as the read journal's <c>AllEvents</c> gives
    /// them.</summary>
    public static IReadOnlyList<EventEnvelope> Envelopes()
    {
        var writes = new List<(string Key, IAlertJournalEvent Event)>();
        var dns = AlertState.Empty("site-a:dns");
        var disk = AlertState.Empty("site-b:disk");
        void Write(ref AlertState state, Decision decision)
        {
            if (decision.JournalEvents.Count == 0)
                return;
            var evt =
                decision.JournalEvents.Count == 1
                    ? decision.JournalEvents[0]
                    : new AlertJournalEvents.Batch([.. decision.JournalEvents]);
            writes.Add((state.DedupKey, evt));
            state = state.Apply(evt);
        }

        Write(ref dns, dns.Decide(Record(dns, "e1", "dns", "site-a", Severity.High), T0));
        Write(ref disk, disk.Decide(Record(disk, "e2", "disk", "site-b", Severity.High), T0.AddMinutes(10)));
        Write(ref dns, dns.Decide(new AlertCommands.Acknowledge(dns.DedupKey, "alice", "on it"), T0.AddMinutes(3)));
        Write(
            ref disk,
            disk.Decide(Record(disk, "r2", "disk", "site-b", Severity.Info, resolve: true), T0.AddMinutes(12))
        );
        Write(ref dns, dns.Decide(new AlertCommands.Resolve(dns.DedupKey, "bob", null), T0.AddMinutes(20)));
        Write(ref dns, dns.Decide(Record(dns, "e3", "dns", "site-a", Severity.Critical), T0.AddMinutes(60)));
        Write(ref dns, dns.Decide(Record(dns, "e4", "dns", "site-a", Severity.Critical), T0.AddMinutes(61)));
        Write(ref dns, dns.Decide(AlertTimer.AutoResolve, T0.AddMinutes(95)));

        var sequenceNrs = new Dictionary<string, long>();
        return
        [
            .. writes.Select(
                (write, i) =>
                    new EventEnvelope(
                        Offset.Sequence(i + 1),
                        AlertEntity.PersistenceIdPrefix + write.Key,
                        sequenceNrs[write.Key] = sequenceNrs.GetValueOrDefault(write.Key) + 1,
                        write.Event,
                        T0.ToUnixTimeMilliseconds(),
                        []
                    )
            ),
        ];
    }

    /// <summary>The periods the journal tells, in (dedup key, period) order; each keeps the occurrences it counted
    /// while it was its alert's latest.</summary>
    public static IReadOnlyList<FiringPeriodRecord> Expected() =>
        [
            new(
                "site-a:dns",
                1,
                "dns",
                "site-a",
                Severity.High,
                T0,
                T0.AddMinutes(3),
                "alice",
                T0.AddMinutes(20),
                "bob",
                "api",
                Occurrences: 1,
                FirstOccurrenceAt: T0,
                LastOccurrenceAt: T0
            ),
            new(
                "site-a:dns",
                2,
                "dns",
                "site-a",
                Severity.Critical,
                T0.AddMinutes(60),
                ResolvedAt: T0.AddMinutes(95),
                ResolvedBy: "auto-resolve",
                ResolvedHow: "auto-resolve",
                Occurrences: 2,
                FirstOccurrenceAt: T0.AddMinutes(60),
                LastOccurrenceAt: T0.AddMinutes(61)
            ),
            new(
                "site-b:disk",
                1,
                "disk",
                "site-b",
                Severity.High,
                T0.AddMinutes(10),
                ResolvedAt: T0.AddMinutes(12),
                ResolvedBy: "event:watcher",
                ResolvedHow: "event",
                Occurrences: 1,
                FirstOccurrenceAt: T0.AddMinutes(10),
                LastOccurrenceAt: T0.AddMinutes(10)
            ),
        ];

    /// <summary>
    /// The periods a read store from a version without <c>firing_period</c> gets from its <c>alert_list</c> rows: an
    /// alert's state knows its current severity and occurrences only, so its earlier periods come with that severity
    /// and without a count.
    /// </summary>
    public static IReadOnlyList<FiringPeriodRecord> ExpectedAfterBackfill() =>
        [
            .. Expected()
                .Select(p =>
                    p is { DedupKey: "site-a:dns", Period: 1 }
                        ? p with
                        {
                            Severity = Severity.Critical,
                            Occurrences = null,
                            FirstOccurrenceAt = null,
                            LastOccurrenceAt = null,
                        }
                        : p
                ),
        ];

    /// <summary>Folds <paramref name="envelopes"/> into <paramref name="store"/> in batches of
    /// <paramref name="batchSize"/>, as the projector does.</summary>
    public static async Task ProjectAsync(AlertReadStore store, IReadOnlyList<EventEnvelope> envelopes, int batchSize)
    {
        using var updater = new AlertListUpdater(
            store,
            AlertListProjector.ProjectionName,
            (key, _) => throw new InvalidOperationException($"unexpected heal of {key}")
        );
        foreach (var batch in envelopes.Chunk(batchSize))
            await updater.ApplyAsync(batch);
    }

    /// <summary>Every stored period, in (dedup key, period) order.</summary>
    public static async Task<List<FiringPeriodRecord>> StoredAsync(
        AlertReadStore store,
        IReadOnlyCollection<string>? tenants = null
    ) =>
        [
            .. (await store.ListFiringPeriodsAsync(T0, T0.AddDays(1), tenants))
                .OrderBy(p => p.DedupKey, StringComparer.Ordinal)
                .ThenBy(p => p.Period),
        ];

    private static AlertCommands.RecordOccurrence Record(
        AlertState state,
        string eventId,
        string rule,
        string tenant,
        Severity severity,
        bool resolve = false
    ) =>
        new(
            state.DedupKey,
            new Occurrence(
                eventId,
                T0,
                resolve ? EventAction.Resolve : EventAction.Trigger,
                severity,
                $"{rule} failing",
                "watcher",
                rule,
                "host-1",
                tenant,
                rule,
                ImmutableArray.Create(ProviderNames.PagerDuty),
                Details: null,
                AlertPolicy.Default
            )
        );
}
