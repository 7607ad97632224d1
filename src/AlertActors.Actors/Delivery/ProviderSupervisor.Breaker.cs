using Akka.Event;
using AlertActors.Domain.Notifications;

namespace AlertActors.Actors.Delivery;

/// <summary>
/// The provider's circuit breaker: failing fast while it is open or a probe is out, feeding it call outcomes, and
/// observing its state (logged and published as a <see cref="BreakerState"/> on each transition).
/// </summary>
public sealed partial class ProviderSupervisor
{
    private void FailFast(Pending pending)
    {
        if (_status == BreakerStatus.Open)
        {
            var remaining = _openedAt + _breaker.ResetTimeout - Now;
            Answer(
                pending,
                new DeliveryOutcome(
                    DeliveryOutcomeKind.Retryable,
                    $"circuit open for {_provider.Name}",
                    remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero
                )
            );
        }
        else
        {
            Answer(
                pending,
                new DeliveryOutcome(
                    DeliveryOutcomeKind.Retryable,
                    $"circuit half-open for {_provider.Name}: a probe call is in progress"
                )
            );
        }
    }

    /// <summary>Feeds one call's outcome to the breaker. Calls that began before it opened say nothing about
    /// now.</summary>
    private void Record(Pending pending, bool failed)
    {
        // A provider without a breaker never opens one: every call is made.
        if (pending.DryRun || !_provider.HasCircuitBreaker)
            return;
        var wasProbe = _probe == pending.CallId;
        if (wasProbe)
            _probe = null;
        Observe();
        if (_status == BreakerStatus.Open || (_status == BreakerStatus.HalfOpen && !wasProbe))
            return;
        if (failed)
            _breaker.Fail();
        else
            _breaker.Succeed();
        Observe();
    }

    /// <summary>Reads the breaker; on a change, logs it (provider name only) and publishes the new state.</summary>
    private void Observe()
    {
        var current =
            _breaker.IsOpen ? BreakerStatus.Open
            : _breaker.IsHalfOpen ? BreakerStatus.HalfOpen
            : BreakerStatus.Closed;
        if (current == _status)
            return;
        var previous = _status;
        _status = current;
        _since = Now;
        switch (current)
        {
            case BreakerStatus.Open:
                _openedAt = _since;
                _timesOpened++;
                _log.Warning(
                    previous == BreakerStatus.HalfOpen
                        ? "Circuit breaker for {0} opened again: the probe call failed; calls fail fast for {1}"
                        : "Circuit breaker for {0} opened after {2} consecutive failures; calls fail fast for {1}",
                    _provider.Name,
                    _breaker.ResetTimeout,
                    _settings.BreakerMaxFailures
                );
                break;
            case BreakerStatus.HalfOpen:
                _log.Info(
                    "Circuit breaker for {0} is half-open after {1}: the next call probes the provider",
                    _provider.Name,
                    _breaker.ResetTimeout
                );
                break;
            default:
                _probe = null;
                _log.Info("Circuit breaker for {0} closed: the probe call succeeded", _provider.Name);
                break;
        }
        _metrics.BreakerTransition(_provider.Name, current);
        Publish();
    }

    private BreakerState Snapshot() =>
        new(
            _provider.Name,
            _status,
            _since,
            _status == BreakerStatus.Open ? _openedAt + _breaker.ResetTimeout : null,
            _timesOpened
        );

    private void Publish()
    {
        var state = Snapshot();
        _registry.Update(state);
        Context.System.EventStream.Publish(state);
    }
}
