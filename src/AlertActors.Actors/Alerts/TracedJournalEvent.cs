using System.Collections.Immutable;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Alerts;

/// <summary>
/// The alert entity's journal envelope for a write whose deliveries have trace context: the domain journal event (one
/// <see cref="IAlertJournalEvent"/>, an <see cref="AlertJournalEvents.Batch"/> or an
/// <see cref="AlertJournalEvents.Checkpoint"/>) and, beside it, the W3C <c>traceparent</c> each delivery was scheduled
/// under, so a provider call (also a retry after a restart) joins the event's trace while the domain events hold only
/// the domain. Manifest <c>alert.traced</c>; a write without trace context is journaled as the bare domain event, as
/// before the envelope existed.
/// </summary>
/// <param name="Event">The domain journal event, applied as if it stood alone.</param>
/// <param name="DeliveryTraceParents">Delivery number → its <c>traceparent</c> (only deliveries with one).</param>
public sealed record TracedJournalEvent(
    IAlertJournalEvent Event,
    ImmutableDictionary<long, string> DeliveryTraceParents
) : IAlertMessage
{
    /// <summary>The domain journal event a journal entry of the alert entity holds (unwrapped when traced); null for
    /// anything else.</summary>
    public static IAlertJournalEvent? DomainEventOf(object journaled) =>
        journaled switch
        {
            TracedJournalEvent traced => traced.Event,
            IAlertJournalEvent evt => evt,
            _ => null,
        };
}
