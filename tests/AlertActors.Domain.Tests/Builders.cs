using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;

namespace AlertActors.Domain.Tests;

/// <summary>Fixed times and small factories shared by the tests. Time never comes from the clock.</summary>
internal static class Build
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(int minutes) => T0.AddMinutes(minutes);

    public static readonly ImmutableArray<string> BothProviders = [ProviderNames.PagerDuty, ProviderNames.OpsGenie];

    public static JsonElement Json(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static InfraEvent Event(
        string id = "evt-1",
        string source = "dhcp-watcher/site-a",
        string type = "dhcp.lease.rogue_mac",
        DateTimeOffset? time = null,
        string? subject = "aa:bb:cc:dd:ee:ff",
        Severity severity = Severity.High,
        string tenant = "acme",
        EventAction action = EventAction.Trigger,
        string? summary = null,
        string? dataJson = null
    ) =>
        new(
            id,
            source,
            type,
            time ?? T0,
            subject,
            severity,
            tenant,
            action,
            summary,
            dataJson is null ? null : Json(dataJson)
        );

    public static Occurrence Trigger(
        string eventId,
        DateTimeOffset? at = null,
        Severity severity = Severity.High,
        string summary = "rogue MAC on site-a",
        ImmutableArray<string>? providers = null,
        string? detailsJson = null,
        AlertPolicy? policy = null
    ) =>
        new(
            eventId,
            at ?? T0,
            EventAction.Trigger,
            severity,
            summary,
            "dhcp-watcher/site-a",
            "dhcp.lease.rogue_mac",
            "aa:bb:cc:dd:ee:ff",
            "acme",
            "default",
            providers ?? BothProviders,
            detailsJson is null ? null : Json(detailsJson),
            policy ?? AlertPolicy.Default
        );

    public static Occurrence Resolve(
        string eventId,
        DateTimeOffset? at = null,
        string source = "dhcp-watcher/site-a"
    ) =>
        new(
            eventId,
            at ?? T0,
            EventAction.Resolve,
            Severity.Info,
            "cleared",
            source,
            "dhcp.lease.rogue_mac",
            "aa:bb:cc:dd:ee:ff",
            "acme",
            "default",
            BothProviders,
            null,
            AlertPolicy.Default
        );

    /// <summary>A trigger request for the default alert, where its content does not matter (payload tests:
    /// Notifications.Tests).</summary>
    public static NotificationRequest Request() =>
        new(
            "acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff",
            NotificationAction.Trigger,
            "rogue MAC on site-a",
            Severity.High,
            "dhcp-watcher/site-a",
            "dhcp.lease.rogue_mac",
            "aa:bb:cc:dd:ee:ff",
            "acme",
            T0,
            null,
            "default",
            null,
            null
        );
}

/// <summary>
/// Drives an <see cref="AlertState"/> the way the entity does: decide, then apply every decided event,
/// keeping the journal so it can be replayed.
/// </summary>
internal sealed class AlertHarness(string dedupKey = "acme:dhcp.lease.rogue_mac:aa:bb:cc:dd:ee:ff")
{
    public AlertState State { get; private set; } = AlertState.Empty(dedupKey);

    public List<IAlertJournalEvent> Journal { get; } = [];

    /// <summary>Where providers would route a trigger now, as the entity passes it (null: nothing is pinned).</summary>
    public IRoutingTargets? Routes { get; set; }

    public Decision Record(Occurrence occurrence, DateTimeOffset now) =>
        Commit(State.Decide(new AlertCommands.RecordOccurrence(State.DedupKey, occurrence), now, routes: Routes));

    public Decision Acknowledge(string by, DateTimeOffset now, string? note = null) =>
        Commit(State.Decide(new AlertCommands.Acknowledge(State.DedupKey, by, note), now));

    public Decision ResolveByApi(string by, DateTimeOffset now, string? note = null) =>
        Commit(State.Decide(new AlertCommands.Resolve(State.DedupKey, by, note), now));

    public Decision Outcome(long deliveryNumber, DeliveryOutcome outcome, DateTimeOffset now) =>
        Commit(State.DecideDeliveryOutcome(deliveryNumber, outcome, now));

    public Decision Timer(AlertTimer timer, DateTimeOffset now) => Commit(State.Decide(timer, now, routes: Routes));

    public Decision Commit(Decision decision)
    {
        foreach (var evt in decision.JournalEvents)
        {
            State = State.Apply(evt);
            Journal.Add(evt);
        }
        return decision;
    }

    public static AlertState Replay(string dedupKey, IEnumerable<IAlertJournalEvent> journal) =>
        journal.Aggregate(AlertState.Empty(dedupKey), (state, evt) => state.Apply(evt));
}

/// <summary>
/// A full, value-based description of a state. <see cref="AlertState"/> is a record, but its immutable
/// collections and JSON details compare by reference, so tests compare this text instead.
/// </summary>
internal static class StateText
{
    public static string Describe(AlertState s)
    {
        var text = new StringBuilder();
        text.AppendLine($"key={s.DedupKey} status={s.Status} severity={s.Severity} summary={s.Summary}");
        text.AppendLine($"source={s.Source} type={s.Type} subject={s.Subject} tenant={s.Tenant} rule={s.Rule}");
        text.AppendLine($"providers={string.Join(",", s.Providers)} details={Raw(s.Details)}");
        text.AppendLine(
            $"occurrences={s.Occurrences} first={s.FirstSeen:O} last={s.LastSeen:O} period={s.FiringPeriod}"
        );
        text.AppendLine($"ackBy={s.AcknowledgedBy} resolvedBy={s.ResolvedBy} next={s.NextDeliveryNumber}");
        text.AppendLine(
            $"policy={s.Policy} lastOccurrence={s.LastOccurrenceAt:O} triggers={string.Join(",", s.RecentTriggers.Select(t => t.ToString("O")))}"
        );
        text.AppendLine(
            $"notified={string.Join(",", s.NotifiedAt.Select(t => t.ToString("O")))} thisPeriod={s.NotifiedThisPeriod} "
                + $"throttled={s.NotificationOwed} suppressed={s.Suppressed}"
        );
        foreach (var d in s.Deliveries)
        {
            var r = d.Request;
            text.AppendLine(
                $"delivery {d.Number} {d.Provider} {d.Status} attempts={d.Attempts} created={d.CreatedAt:O} "
                    + $"completed={d.CompletedAt:O} detail={d.Detail} | {r.DedupKey} {r.Action} {r.Summary} {r.Severity} "
                    + $"{r.Source} {r.Type} {r.Subject} {r.Tenant} {r.Timestamp:O} {Raw(r.Details)} {r.By} {r.Note}"
            );
        }
        foreach (var t in s.Timeline)
            text.AppendLine($"timeline {t.At:O} {t.Change} {t.By} {t.Note}");
        text.AppendLine($"recent={string.Join(",", s.RecentEventIds)}");
        return text.ToString();
    }

    private static string Raw(JsonElement? element) => element is { } e ? e.GetRawText() : "<null>";
}
