using Akka.Actor;
using Akka.Cluster.Sharding;
using AlertActors.Domain.Alerts;

namespace AlertActors.Actors.Alerts;

/// <summary>
/// When the alert acts by itself and how long it stays in memory: its timers armed from persisted state (overdue ones
/// fired once), and passivation when it has no live work.
/// </summary>
public sealed partial class AlertEntity
{
    /// <summary>Send what is due, arm the timers, decide whether to stay in memory.</summary>
    private void AfterStateSettled(bool leaveAtOnceIfEmpty = false)
    {
        if (_stopping)
            return;
        DispatchPending();
        ArmTimers();
        SetIdleTimeout(leaveAtOnceIfEmpty);
    }

    private void ArmTimers()
    {
        var now = Now;
        foreach (var timer in Enum.GetValues<AlertTimer>())
        {
            if (_state.DueAt(timer) is not { } due)
            {
                Timers.Cancel(timer);
            }
            else if (due > now)
            {
                Timers.StartSingleTimer(timer, new TimerElapsed(timer), due - now);
            }
            else if (_overdue.Add(timer))
            {
                // Fell due while the alert was down (or behind a write): act now, once.
                Timers.Cancel(timer);
                Self.Tell(new TimerElapsed(timer));
            }
        }

        // A silence can be expired early, an inhibiting alert resolve: while one holds a notification back, look again
        // now and then.
        if (_state.IsHeldBack && !Timers.IsTimerActive(SilenceCheck))
            Timers.StartPeriodicTimer(
                SilenceCheck,
                new TimerElapsed(AlertTimer.OwedNotification),
                _settings.SilenceCheckInterval
            );
        else if (!_state.IsHeldBack)
            Timers.Cancel(SilenceCheck);
    }

    /// <summary>
    /// No live work: leave memory after the idle time, or at once (<paramref name="leaveAtOnceIfEmpty"/>, after a
    /// command was answered) for an alert that does not exist, e.g. a lookup of an unknown key.
    /// </summary>
    private void SetIdleTimeout(bool leaveAtOnceIfEmpty = false)
    {
        if (_state.HasLiveWork)
        {
            SetReceiveTimeout(null);
            return;
        }
        if (leaveAtOnceIfEmpty && !_state.Exists && _queue.Count == 0 && !_writing && _unwritten.Count == 0)
        {
            Passivate();
            return;
        }
        SetReceiveTimeout(_settings.PassivateIdleAfter);
    }

    /// <summary>Alerts with no live work leave memory; their state stays in the journal, their due times in the read
    /// model.</summary>
    private void PassivateIfIdle()
    {
        if (_state.HasLiveWork || _writing || _queue.Count > 0 || _unwritten.Count > 0 || _callsInFlight > 0)
            return;
        Passivate();
    }

    private void Passivate()
    {
        SetReceiveTimeout(null);
        Context.Parent.Tell(new Passivate(Stop.Instance));
    }
}
