using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using AlertActors.Actors.Delivery;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Notifications;

namespace AlertActors.Actors.Alerts;

/// <summary>
/// The alert's outbox: the oldest durable pending delivery of each provider goes to the dispatcher, a retryable failure
/// is sent again after a backoff, and each delivery goes under the trace context it was scheduled under (kept beside
/// the domain, journaled in a <see cref="TracedJournalEvent"/>).
/// </summary>
public sealed partial class AlertEntity
{
    private void FollowUp(DeliveryMessages.Attempted attempted, Decision decision)
    {
        if (attempted.Provider == ProviderNames.Remediation)
        {
            FollowUpRemediation();
            return;
        }
        if (
            decision.JournalEvents.Count > 0
            && _state.Deliveries.Find(d => d.Number == attempted.Number) is { Status: DeliveryStatus.Dead } dead
        )
        {
            // Nobody was paged through this provider: say so where an operator looks first (the detail is redacted).
            _log.Warning(
                "{0} {1} delivery {2} of {3} is dead after {4} attempt(s): {5}; fix the cause, then retry it (alertctl deliveries dead)",
                attempted.Provider,
                dead.Request.Action.ToString().ToLowerInvariant(),
                attempted.Number,
                _state.DedupKey,
                dead.Attempts,
                attempted.Outcome.Detail
            );
            _busyProviders.Remove(attempted.Provider);
            return;
        }
        if (attempted.Outcome.Kind != DeliveryOutcomeKind.Retryable || decision.JournalEvents.Count == 0)
        {
            _busyProviders.Remove(attempted.Provider);
            return;
        }
        var attempts = _state.Deliveries.Find(d => d.Number == attempted.Number)?.Attempts ?? 1;
        var delay = _settings.DelayFor(attempts - 1, attempted.Outcome.RetryAfter, Random.Shared.NextDouble());
        // A join or leave the group has recorded but not yet paged is a wait, not a failure.
        var level = attempted.Provider == ProviderNames.Group ? LogLevel.DebugLevel : LogLevel.WarningLevel;
        if (_log.IsEnabled(level))
            _log.Log(
                level,
                string.Format(
                    System.Globalization.CultureInfo.InvariantCulture,
                    "{0} delivery {1} of {2} failed ({3}); retry in {4}",
                    attempted.Provider,
                    attempted.Number,
                    _state.DedupKey,
                    attempted.Outcome.Detail,
                    delay
                )
            );
        Timers.StartSingleTimer($"retry-{attempted.Provider}", new RetryTimerElapsed(attempted.Provider), delay);
        if (attempted.Provider != ProviderNames.Group)
            return;
        _groupDeliveryAwaitingRetry = attempted.Number;
        DispatchPending(); // a leave scheduled while this join was in flight goes now
    }

    /// <summary>
    /// After a remediation attempt's answer (README "Remediation"): the next attempt, scheduled in the write that
    /// recorded the answer, goes out after the outbox's retry backoff (<c>delivery.retry-base-delay</c>, doubling per
    /// attempt answered); after a restart it goes at once. Without one, the endpoint is free for other alerts.
    /// </summary>
    private void FollowUpRemediation()
    {
        if (!_state.RemediationPending)
        {
            _busyProviders.Remove(ProviderNames.Remediation);
            return;
        }
        var delay = _settings.DelayFor(
            Math.Max(0, _state.RemediationAttempts - 1),
            retryAfter: null,
            Random.Shared.NextDouble()
        );
        Timers.StartSingleTimer(
            $"retry-{ProviderNames.Remediation}",
            new RetryTimerElapsed(ProviderNames.Remediation),
            delay
        );
    }

    /// <summary>
    /// A later membership change (a leave after a join the group has not settled) goes to the group at once instead of
    /// waiting out the earlier one's retry timer, which runs to the end of the group's wait
    /// (<see cref="AlertState.SettleSupersededGroupDeliveries"/>).
    /// </summary>
    private void SupersedeGroupRetry()
    {
        if (
            _groupDeliveryAwaitingRetry is not { } waiting
            || _state.NextDeliveries().FirstOrDefault(d => d.Provider == ProviderNames.Group) is not { } next
            || next.Number == waiting
            || next.Number >= _durableDeliveriesBelow
        )
            return;
        Timers.Cancel($"retry-{ProviderNames.Group}");
        _busyProviders.Remove(ProviderNames.Group);
        _groupDeliveryAwaitingRetry = null;
    }

    /// <summary>The oldest pending delivery of each idle provider, if its scheduling is durable.</summary>
    private void DispatchPending()
    {
        SupersedeGroupRetry();
        foreach (var delivery in _state.NextDeliveries())
        {
            if (delivery.Number >= _durableDeliveriesBelow || !_busyProviders.Add(delivery.Provider))
                continue;
            _callsInFlight++;
            _dispatcher.Tell(
                new DeliveryMessages.Deliver(
                    delivery.Number,
                    delivery.Provider,
                    delivery.Request,
                    _deliveryTraceParents.GetValueOrDefault(delivery.Number)
                )
            );
        }
    }

    /// <summary>The deliveries <paramref name="decision"/> schedules are sent under <paramref name="traceParent"/>
    /// (when there is one).</summary>
    private void RememberTraceParent(Decision decision, string? traceParent)
    {
        if (traceParent is null)
            return;
        foreach (var evt in decision.JournalEvents)
        {
            if (evt is AlertJournalEvents.DeliveryScheduled scheduled)
                _deliveryTraceParents[scheduled.Delivery.Number] = traceParent;
        }
    }

    /// <summary>
    /// What to journal for <paramref name="journalEvent"/>: itself, or, when some of <paramref name="deliveries"/> have
    /// trace context, a <see cref="TracedJournalEvent"/> that keeps it beside the domain journal event.
    /// </summary>
    private object Traced(IAlertJournalEvent journalEvent, IEnumerable<long> deliveries)
    {
        var traceParents = deliveries
            .Where(_deliveryTraceParents.ContainsKey)
            .ToImmutableDictionary(number => number, number => _deliveryTraceParents[number]);
        return traceParents.IsEmpty ? journalEvent : new TracedJournalEvent(journalEvent, traceParents);
    }

    /// <summary>Keeps the trace context of deliveries that may still be sent: pending ones, and dead ones an operator
    /// may retry.</summary>
    private void ForgetTraceParentsOfCompletedDeliveries()
    {
        if (_deliveryTraceParents.Count == 0)
            return;
        var open = _state
            .Deliveries.Where(d => d.Status is DeliveryStatus.Pending or DeliveryStatus.Dead)
            .Select(d => d.Number)
            .ToHashSet();
        foreach (var number in _deliveryTraceParents.Keys.Where(n => !open.Contains(n)).ToList())
            _deliveryTraceParents.Remove(number);
    }

    private sealed record RetryTimerElapsed(string Provider);
}
