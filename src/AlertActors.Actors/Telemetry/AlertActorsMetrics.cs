using System.Diagnostics.Metrics;
using AlertActors.Actors.Delivery;
using AlertActors.Domain.Notifications;

namespace AlertActors.Actors.Telemetry;

/// <summary>
/// The node's one <see cref="System.Diagnostics.Metrics.Meter"/> (<c>AlertActors</c>) and every instrument recorded
/// directly from the code; the observed gauges are added by <c>AlertActors.Hosting.AlertActorsMetricsService</c>. Names
/// are written as Prometheus shows them, minus the suffixes the exporter adds (<c>_total</c> for counters, the unit for
/// histograms). Labels are provider names, topics, sources and outcomes: never a key, a token or a dedup key.
/// </summary>
/// <remarks>
/// Made from the host's <see cref="IMeterFactory"/>, so the meter belongs to that host (<see cref="Meter.Scope"/>):
/// several nodes in one process (the integration tests) each export only their own measurements.
/// Without a factory (actor specs, tools) it is a meter nobody listens to, so recording costs next to nothing.
/// </remarks>
public sealed partial class AlertActorsMetrics : IDisposable
{
    public const string MeterName = "AlertActors";

    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly int[] EventsPerWriteBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    /// <summary>For code built without the host's metrics (actor specs, tools): recorded, never exported. Declared
    /// after the buckets it uses.</summary>
    public static readonly AlertActorsMetrics Unobserved = new(null);

    private readonly Counter<long> _eventsIn;
    private readonly Counter<long> _notifications;
    private readonly Histogram<double> _deliveryDuration;
    private readonly Counter<long> _breakerTransitions;
    private readonly Counter<long> _kafkaDeadLetters;
    private readonly Histogram<int> _journalWriteEvents;
    private readonly Histogram<double> _journalWriteDuration;
    private readonly Counter<long> _alertsRecovered;
    private readonly Counter<long> _ruleInactiveEvents;

    public AlertActorsMetrics(IMeterFactory? meterFactory)
    {
        Meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _eventsIn = Meter.CreateCounter<long>(
            "alertactors_events_in",
            description: "Events received, by input (kafka, http, alertmanager, file) and outcome (accepted, invalid, dead_lettered)."
        );
        _notifications = Meter.CreateCounter<long>(
            "alertactors_notifications",
            description: "Delivery attempts answered, by provider and outcome (delivered, dry_run, retryable, permanent)."
        );
        _deliveryDuration = Meter.CreateHistogram(
            "alertactors_delivery_duration",
            unit: "s",
            description: "Time from calling a provider to its answer (or the call timeout).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets }
        );
        _breakerTransitions = Meter.CreateCounter<long>(
            "alertactors_breaker_transitions",
            description: "Circuit-breaker transitions per provider, by the state entered (closed, half_open, open)."
        );
        _kafkaDeadLetters = Meter.CreateCounter<long>(
            "alertactors_kafka_dead_letters",
            description: "Kafka messages sent to the dead-letter topic, by source topic."
        );
        _journalWriteEvents = Meter.CreateHistogram(
            "alertactors_journal_write_events",
            description: "Events per alert journal write (more than one when commands were coalesced).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = EventsPerWriteBuckets }
        );
        _journalWriteDuration = Meter.CreateHistogram(
            "alertactors_journal_write_duration",
            unit: "s",
            description: "Time an alert journal write took, from persisting to its confirmation.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets }
        );
        _alertsRecovered = Meter.CreateCounter<long>(
            "alertactors_alerts_recovered",
            description: "Alert entities that recovered a stored state and re-armed their timers (the first message or due-alert wake after a restart, shard move or passivation), "
                + "by timers (armed: at least one alert timer scheduled or fired at once; none: nothing due, e.g. a resolved alert)."
        );
        _ruleInactiveEvents = Meter.CreateCounter<long>(
            "alertactors_rule_inactive_events",
            description: "Trigger events a rule's match took while the event's time was outside the rule's active-during time intervals, so the rule alerted nothing for them, by rule."
        );
    }

    public Meter Meter { get; }

    /// <summary>Counts <paramref name="count"/> events from <paramref name="source"/> (see <see cref="EventSources"/>)
    /// with an <see cref="EventOutcomes"/> outcome.</summary>
    public void EventsIn(string source, string outcome, long count = 1)
    {
        if (count > 0)
            _eventsIn.Add(count, new("source", source), new("outcome", outcome));
    }

    public void Notification(string provider, DeliveryOutcomeKind outcome) =>
        _notifications.Add(1, new("provider", provider), new("outcome", OutcomeName(outcome)));

    public void DeliveryDuration(string provider, TimeSpan elapsed) =>
        _deliveryDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("provider", provider));

    public void BreakerTransition(string provider, BreakerStatus to) =>
        _breakerTransitions.Add(1, new("provider", provider), new("to", StatusName(to)));

    public void KafkaDeadLetter(string sourceTopic) =>
        _kafkaDeadLetters.Add(1, new KeyValuePair<string, object?>("topic", sourceTopic));

    public void JournalWrite(int events, TimeSpan? elapsed)
    {
        _journalWriteEvents.Record(events);
        if (elapsed is { } duration && duration > TimeSpan.Zero)
            _journalWriteDuration.Record(duration.TotalSeconds);
    }

    public void AlertRecovered(bool timersArmed) =>
        _alertsRecovered.Add(1, new KeyValuePair<string, object?>("timers", timersArmed ? "armed" : "none"));

    /// <summary>Counts one event that <paramref name="rule"/> (its name, from the configuration) matched outside its
    /// <c>active-during</c> time intervals.</summary>
    public void RuleInactiveEvent(string rule) =>
        _ruleInactiveEvents.Add(1, new KeyValuePair<string, object?>("rule", rule));

    public static string OutcomeName(DeliveryOutcomeKind outcome) =>
        outcome switch
        {
            DeliveryOutcomeKind.Delivered => "delivered",
            DeliveryOutcomeKind.DryRun => "dry_run",
            DeliveryOutcomeKind.Retryable => "retryable",
            DeliveryOutcomeKind.Permanent => "permanent",
            _ => "unknown",
        };

    public static string StatusName(BreakerStatus status) =>
        status switch
        {
            BreakerStatus.Closed => "closed",
            BreakerStatus.HalfOpen => "half_open",
            BreakerStatus.Open => "open",
            _ => "unknown",
        };

    /// <summary>The value of <c>alertactors_breaker_state</c>: 0 closed, 1 half-open, 2 open (higher is
    /// worse).</summary>
    public static int GaugeValue(BreakerStatus status) =>
        status switch
        {
            BreakerStatus.Closed => 0,
            BreakerStatus.HalfOpen => 1,
            BreakerStatus.Open => 2,
            _ => -1,
        };

    public void Dispose() => Meter.Dispose();
}

/// <summary>The <c>source</c> label of <c>alertactors_events_in_total</c>.</summary>
public static class EventSources
{
    public const string Kafka = "kafka";
    public const string Http = "http";
    public const string Alertmanager = "alertmanager";
    public const string File = "file";
}

/// <summary>The <c>outcome</c> label of <c>alertactors_events_in_total</c>.</summary>
public static class EventOutcomes
{
    /// <summary>Recorded by every alert it feeds.</summary>
    public const string Accepted = "accepted";

    /// <summary>Failed validation: an HTTP body answered 400 (counted once), a Kafka message or file line that is not a
    /// valid event.</summary>
    public const string Invalid = "invalid";

    /// <summary>A valid Kafka message the alerts did not confirm after every attempt, sent to the dead-letter
    /// topic.</summary>
    public const string DeadLettered = "dead_lettered";
}
