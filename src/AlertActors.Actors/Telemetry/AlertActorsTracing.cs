using System.Diagnostics;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;

namespace AlertActors.Actors.Telemetry;

/// <summary>
/// Traces from an event to the provider calls it causes, on the <c>AlertActors</c> <see cref="ActivitySource"/>:
/// <c>alertactors.ingest</c> (one per event: HTTP, Alertmanager, Kafka, file; a child of the HTTP request, or of the
/// Kafka message's <c>traceparent</c> header) → <c>alertactors.alert</c> (the alert entity deciding the occurrence) →
/// <c>alertactors.notify</c> (a client span around one provider call; the HTTP request inside it carries its context).
/// The context travels as a W3C <c>traceparent</c> string beside the domain, never inside it: on the message envelope
/// that carries an occurrence to the alert (<c>OccurrenceEnvelope</c>), on the message that asks for a provider call
/// (<c>DeliveryMessages.Deliver</c>), and in the alert's journal envelope (<c>TracedJournalEvent</c>, so a retry after
/// a restart still joins the trace); domain commands, journaled domain events and <see cref="NotificationRequest"/>
/// hold none. Without a listener (no exporter configured) no span is made and this costs next to nothing.
/// Tags hold ids, names and outcomes, never a key, a token or a provider URL.
/// </summary>
public static class AlertActorsTracing
{
    public const string SourceName = "AlertActors";
    public const string IngestSpan = "alertactors.ingest";
    public const string AlertSpan = "alertactors.alert";
    public const string NotifySpan = "alertactors.notify";

    public static readonly ActivitySource Source = new(
        SourceName,
        typeof(AlertActorsTracing).Assembly.GetName().Version?.ToString(3)
    );

    /// <summary>The remote parent a <c>traceparent</c> names; default (none) when absent or malformed.</summary>
    public static ActivityContext ParentOf(string? traceParent) =>
        traceParent is { Length: > 0 } && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context)
            ? context
            : default;

    /// <summary>The span for ingesting one event, a child of <paramref name="traceParent"/> when given, else of the
    /// current activity.</summary>
    public static Activity? StartIngest(InfraEvent evt, string source, string? traceParent = null)
    {
        var activity = Source.StartActivity(
            IngestSpan,
            source == EventSources.Kafka ? ActivityKind.Consumer : ActivityKind.Internal,
            ParentOf(traceParent)
        );
        if (activity is null)
            return null;
        activity.SetTag("alertactors.source", source);
        activity.SetTag("alertactors.event.id", evt.Id);
        activity.SetTag("alertactors.event.type", evt.Type);
        activity.SetTag("alertactors.tenant", evt.Tenant);
        return activity;
    }

    /// <summary>What to carry on the next actor message: this span, else the current activity (e.g. the HTTP request),
    /// else nothing.</summary>
    public static string? TraceParentOf(Activity? activity) =>
        (activity ?? Activity.Current)?.Id is { } id && id.StartsWith("00-", StringComparison.Ordinal) ? id : null;

    /// <summary>
    /// The alert entity starts deciding a command: a span for an occurrence, parented by <paramref name="traceParent"/>
    /// (the ingest that sent it). It is not made current, so nothing else on the actor's thread joins it. Pair with
    /// <see cref="EndAlert"/>.
    /// </summary>
    public static Activity? StartAlert(object command, string dedupKey, string? traceParent)
    {
        if (command is not AlertCommands.RecordOccurrence occurrence || !Source.HasListeners())
            return null;
        var previous = Activity.Current;
        var activity = Source.StartActivity(AlertSpan, ActivityKind.Internal, ParentOf(traceParent));
        Activity.Current = previous;
        activity?.SetTag("alertactors.dedup_key", dedupKey);
        activity?.SetTag("alertactors.event.id", occurrence.Occurrence.EventId);
        return activity;
    }

    /// <summary>
    /// Ends the span of <see cref="StartAlert"/> (tagged with how many journal events the decision made) and says under
    /// which
    /// <c>traceparent</c> the deliveries the decision schedules are to be sent: this span's, or, untraced here, the
    /// command's own
    /// <paramref name="traceParent"/>; null when neither. The decision itself is left as it is.
    /// </summary>
    public static string? EndAlert(Activity? activity, Decision decision, string? traceParent)
    {
        if (activity is null)
            return traceParent;
        activity.SetTag("alertactors.events", decision.JournalEvents.Count);
        Stop(activity);
        return activity.Id;
    }

    /// <summary>
    /// A client span around one provider call, parented by <paramref name="traceParent"/> (the one its delivery was
    /// scheduled under). It is made current so the HTTP call inside joins it; the caller restores
    /// <paramref name="previous"/> once the call is under way.
    /// </summary>
    public static Activity? StartNotify(
        string provider,
        long callId,
        NotificationRequest request,
        string? traceParent,
        out Activity? previous
    )
    {
        previous = Activity.Current;
        var activity = Source.StartActivity(NotifySpan, ActivityKind.Client, ParentOf(traceParent));
        if (activity is null)
            return null;
        activity.DisplayName = $"{NotifySpan} {provider} {request.Action.ToString().ToLowerInvariant()}";
        activity.SetTag("alertactors.provider", provider);
        activity.SetTag("alertactors.action", request.Action.ToString().ToLowerInvariant());
        activity.SetTag("alertactors.dedup_key", request.DedupKey);
        activity.SetTag("alertactors.call_id", callId);
        return activity;
    }

    /// <summary>Ends a provider-call span with what the call came to.</summary>
    public static void EndNotify(Activity? activity, DeliveryOutcome outcome)
    {
        if (activity is null)
            return;
        activity.SetTag("alertactors.outcome", outcome.Kind.ToString().ToLowerInvariant());
        if (outcome.Kind is DeliveryOutcomeKind.Retryable or DeliveryOutcomeKind.Permanent)
            activity.SetStatus(ActivityStatusCode.Error, outcome.Detail);
        Stop(activity);
    }

    /// <summary>Stops a span without changing which activity is current on this thread.</summary>
    private static void Stop(Activity activity)
    {
        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }
}
