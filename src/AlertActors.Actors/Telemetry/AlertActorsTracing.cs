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
/// Actor messages carry the context as a W3C <c>traceparent</c> string: <see cref="AlertCommands.RecordOccurrence.TraceParent"/> and
/// <see cref="NotificationRequest.TraceParent"/> (persisted with the delivery, so a retry after a restart still joins the trace).
/// Without a listener (no exporter configured) no span is made and this costs next to nothing.
/// Tags hold ids, names and outcomes, never a key, a token or a provider URL.
/// </summary>
public static class AlertActorsTracing
{
    public const string SourceName = "AlertActors";
    public const string IngestSpan = "alertactors.ingest";
    public const string AlertSpan = "alertactors.alert";
    public const string NotifySpan = "alertactors.notify";

    public static readonly ActivitySource Source = new(SourceName, typeof(AlertActorsTracing).Assembly.GetName().Version?.ToString(3));

    /// <summary>The remote parent a <c>traceparent</c> names; default (none) when absent or malformed.</summary>
    public static ActivityContext ParentOf(string? traceParent) =>
        traceParent is { Length: > 0 } && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;

    /// <summary>The span for ingesting one event, a child of <paramref name="traceParent"/> when given, else of the current activity.</summary>
    public static Activity? StartIngest(InfraEvent evt, string source, string? traceParent = null)
    {
        var activity = Source.StartActivity(IngestSpan, source == EventSources.Kafka ? ActivityKind.Consumer : ActivityKind.Internal, ParentOf(traceParent));
        if (activity is null) return null;
        activity.SetTag("alertactors.source", source);
        activity.SetTag("alertactors.event.id", evt.Id);
        activity.SetTag("alertactors.event.type", evt.Type);
        activity.SetTag("alertactors.tenant", evt.Tenant);
        return activity;
    }

    /// <summary>What to carry on the next actor message: this span, else the current activity (e.g. the HTTP request), else nothing.</summary>
    public static string? TraceParentOf(Activity? activity) => (activity ?? Activity.Current)?.Id is { } id && id.StartsWith("00-", StringComparison.Ordinal) ? id : null;

    /// <summary>
    /// The alert entity starts deciding a command: a span for an occurrence, parented by the ingest that sent it. It is not made
    /// current, so nothing else on the actor's thread joins it. Pair with <see cref="EndAlert"/>.
    /// </summary>
    public static Activity? StartAlert(object command, string dedupKey)
    {
        if (command is not AlertCommands.RecordOccurrence occurrence || !Source.HasListeners()) return null;
        var previous = Activity.Current;
        var activity = Source.StartActivity(AlertSpan, ActivityKind.Internal, ParentOf(occurrence.TraceParent));
        Activity.Current = previous;
        activity?.SetTag("alertactors.dedup_key", dedupKey);
        activity?.SetTag("alertactors.event.id", occurrence.Occurrence.EventId);
        return activity;
    }

    /// <summary>
    /// Ends the span of <see cref="StartAlert"/> and stamps its context (or, untraced here, the command's own) on every delivery the
    /// decision schedules, so the provider calls join the trace.
    /// </summary>
    public static Decision EndAlert(Activity? activity, object command, Decision decision)
    {
        if (activity is not null)
        {
            activity.SetTag("alertactors.events", decision.Events.Count);
            Stop(activity);
        }
        var traceParent = activity?.Id ?? (command as AlertCommands.RecordOccurrence)?.TraceParent;
        if (traceParent is null || !decision.Events.Any(e => e is AlertEvents.DeliveryScheduled)) return decision;
        return decision with
        {
            Events = [.. decision.Events.Select(e => e is AlertEvents.DeliveryScheduled scheduled
                ? scheduled with { Delivery = scheduled.Delivery with { Request = scheduled.Delivery.Request with { TraceParent = traceParent } } }
                : e)],
        };
    }

    /// <summary>
    /// A client span around one provider call, parented by the request's <see cref="NotificationRequest.TraceParent"/>. It is made
    /// current so the HTTP call inside joins it; the caller restores <paramref name="previous"/> once the call is under way.
    /// </summary>
    public static Activity? StartNotify(string provider, long callId, NotificationRequest request, out Activity? previous)
    {
        previous = Activity.Current;
        var activity = Source.StartActivity(NotifySpan, ActivityKind.Client, ParentOf(request.TraceParent));
        if (activity is null) return null;
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
        if (activity is null) return;
        activity.SetTag("alertactors.outcome", outcome.Kind.ToString().ToLowerInvariant());
        if (outcome.Kind is DeliveryOutcomeKind.Retryable or DeliveryOutcomeKind.Permanent) activity.SetStatus(ActivityStatusCode.Error, outcome.Detail);
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
