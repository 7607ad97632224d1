using System.Collections.Immutable;
using System.Text.Json.Serialization;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Alerts;

/// <summary>What the ingest sends an alert: one occurrence, or several of one key in ingest order, each with its trace
/// context.</summary>
public interface IOccurrenceEnvelope : IWithDedupKey, IAlertMessage;

/// <summary>
/// The message envelope that carries one <see cref="AlertCommands.RecordOccurrence"/> from the ingest to the alert
/// entity with the W3C <c>traceparent</c> of the ingest span beside it (<c>AlertActorsTracing</c>), so the command
/// stays pure domain. Its JSON (<c>{"DedupKey", "Occurrence", "TraceParent"}</c>, manifest
/// <c>alert.record-occurrence</c>) is the one the command had while it carried the trace context itself, so nodes of
/// either version read what the other sends.
/// </summary>
/// <param name="TraceParent">The W3C <c>traceparent</c> to continue (W3C Trace Context, §3.2); null when
/// untraced.</param>
public sealed record OccurrenceEnvelope(string DedupKey, Occurrence Occurrence, string? TraceParent = null)
    : IOccurrenceEnvelope
{
    /// <summary>The domain command inside.</summary>
    [JsonIgnore]
    public AlertCommands.RecordOccurrence Command => new(DedupKey, Occurrence);

    /// <summary>Wraps <paramref name="command"/> with <paramref name="traceParent"/> beside it.</summary>
    public static OccurrenceEnvelope Of(AlertCommands.RecordOccurrence command, string? traceParent = null) =>
        new(command.DedupKey, command.Occurrence, traceParent);
}

/// <summary>
/// Occurrences of one key in the order they were ingested: decided in that order and written together. The sender is
/// answered once, with the last one's <see cref="AlertReplies.OccurrenceAccepted"/>, when all are durable. Manifest
/// <c>alert.record-occurrences</c>, the JSON unchanged from when the batch was a domain command.
/// </summary>
public sealed record OccurrenceBatchEnvelope(string DedupKey, ImmutableArray<OccurrenceEnvelope> Occurrences)
    : IOccurrenceEnvelope;
