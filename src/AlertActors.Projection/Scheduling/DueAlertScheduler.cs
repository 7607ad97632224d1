using Akka.Actor;
using Akka.Event;
using AlertActors.Configuration;
using AlertActors.Domain.Alerts;
using AlertActors.Projection;

namespace AlertActors.Projection.Scheduling;

/// <summary>
/// Wakes alerts just before their next due time (<see cref="DueAlertSchedulerSettings.WakeAhead"/>; auto-resolve,
/// repeat, a held-back notification, a delivery to resume after its node died), so an alert with nothing but timers
/// need not stay in memory. One per cluster, beside the alert list projection that feeds it: due times come from the
/// read model's <c>next_due_at</c>, polled a window (<see cref="DueAlertSchedulerSettings.Lookahead"/>) ahead, and from
/// each batch the projection writes (a due time inside the window already polled). Each due alert gets one
/// <see cref="AlertCommands.Wake"/> through the shard region; if its row is unchanged
/// <see cref="DueAlertSchedulerSettings.RewakeAfter"/> later, it gets another, and a sweep of every overdue row runs
/// that often, so a wake lost with a node is repeated. A wake of an alert with nothing due is harmless: it only starts
/// the alert, which arms its timers from its own state.
/// </summary>
public sealed class DueAlertScheduler : ReceiveActor, IWithTimers
{
    private const string PollTimer = "poll";
    private const string TickTimer = "tick";

    private readonly AlertReadStore _store;
    private readonly IActorRef _region;
    private readonly DueAlertSchedulerSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CoordinatedShutdown _shutdown = CoordinatedShutdown.Get(Context.System);
    private readonly Dictionary<string, DueAlert> _pending = new(StringComparer.Ordinal);
    private readonly PriorityQueue<DueAlert, DateTimeOffset> _byDue = new();
    private readonly Dictionary<string, (long SequenceNr, DateTimeOffset At)> _woken = new(StringComparer.Ordinal);
    private DateTimeOffset _polledUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _lastSweep = DateTimeOffset.MinValue;
    private bool _polling;
    private long _wakes;

    public DueAlertScheduler(AlertReadStore store, IActorRef region, DueAlertSchedulerSettings settings)
    {
        _store = store;
        _region = region;
        _settings = settings;
        Receive<Poll>(_ => StartPoll());
        Receive<Polled>(OnPolled);
        Receive<PollFailed>(failed =>
        {
            _polling = false;
            _polledUntil = failed.PreviousPolledUntil;
            _log.Warning(
                "Reading due alerts failed (retried in {0}): {1}",
                _settings.PollInterval,
                failed.Cause.Message
            );
        });
        Receive<AlertListBatchApplied>(batch =>
        {
            foreach (var change in batch.DueChanges)
            {
                if (change.DueAt is { } due && due <= _polledUntil)
                    Offer(new DueAlert(change.DedupKey, due, change.SequenceNr));
                else
                    _pending.Remove(change.DedupKey); // none, or beyond the window: a later poll reads it
            }
        });
        Receive<Tick>(_ => WakeDue());
        Receive<GetStatus>(_ => Sender.Tell(new Status(_pending.Count, _wakes, _polledUntil, _polling)));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    public static Props Props(AlertReadStore store, IActorRef region, DueAlertSchedulerSettings? settings = null) =>
        Akka.Actor.Props.Create(() =>
            new DueAlertScheduler(store, region, settings ?? new DueAlertSchedulerSettings())
        );

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer(PollTimer, Poll.Instance, TimeSpan.Zero, _settings.PollInterval);
        Timers.StartPeriodicTimer(TickTimer, Tick.Instance, _settings.TickInterval);
    }

    private void StartPoll()
    {
        if (_polling)
            return;
        var now = Now;
        var until = now + _settings.Lookahead;
        var sweep = now - _lastSweep >= _settings.RewakeAfter;
        var previous = _polledUntil;
        DateTimeOffset? after = sweep || previous == DateTimeOffset.MinValue ? null : previous;
        if (sweep)
        {
            _lastSweep = now;
            foreach (
                var key in _woken.Where(w => now - w.Value.At >= _settings.RewakeAfter).Select(w => w.Key).ToList()
            )
                _woken.Remove(key);
        }
        // Raised before the read: a batch the projection writes meanwhile is offered here if its due time is inside.
        _polledUntil = until;
        _polling = true;
        _store
            .ListDueAsync(after, until, _settings.PollLimit)
            .PipeTo(
                Self,
                success: rows => new Polled(rows, rows.Count >= _settings.PollLimit),
                failure: ex => new PollFailed(ex, previous)
            );
    }

    private void OnPolled(Polled polled)
    {
        _polling = false;
        foreach (var row in polled.Rows)
            Offer(row);
        // A full page: the rest of the window is read next, from just before the last due time read.
        if (polled.Truncated)
            _polledUntil = polled.Rows[^1].DueAt - TimeSpan.FromMilliseconds(1);
        WakeDue();
    }

    private void Offer(DueAlert due)
    {
        if (
            _woken.TryGetValue(due.DedupKey, out var woken)
            && woken.SequenceNr == due.SequenceNr
            && Now - woken.At < _settings.RewakeAfter
        )
            return;
        if (_pending.TryGetValue(due.DedupKey, out var current) && current == due)
            return;
        _pending[due.DedupKey] = due;
        _byDue.Enqueue(due, due.DueAt);
    }

    private void WakeDue()
    {
        // This node is stopping: a wake now would wait in the shard region for a shard being handed off and hold the
        // hand-off up to its timeout. The scheduler that takes over (another node's, or this one's after a restart)
        // reads the due index again.
        if (_shutdown.ShutdownReason is not null)
            return;
        var now = Now;
        var sent = 0;
        while (
            sent < _settings.MaxWakesPerTick
            && _byDue.TryPeek(out var next, out var at)
            && at - _settings.WakeAhead <= now
        )
        {
            _byDue.Dequeue();
            // Superseded by a later offer of the same alert (or taken back): only the current one counts.
            if (!_pending.TryGetValue(next.DedupKey, out var current) || current != next)
                continue;
            _pending.Remove(next.DedupKey);
            _woken[next.DedupKey] = (next.SequenceNr, now);
            _region.Tell(new AlertCommands.Wake(next.DedupKey));
            _wakes++;
            sent++;
        }
    }

    /// <summary>Asks for a <see cref="Status"/>.</summary>
    public sealed class GetStatus
    {
        public static readonly GetStatus Instance = new();
    }

    /// <param name="Pending">Alerts known to be due within the window, not yet woken.</param>
    /// <param name="Wakes">Wakes sent since the scheduler started.</param>
    /// <param name="PolledUntil">Due times up to this one have been read (or are told by the projection).</param>
    /// <param name="Polling">A read of the table is under way.</param>
    public sealed record Status(int Pending, long Wakes, DateTimeOffset PolledUntil, bool Polling);

    private sealed class Poll
    {
        public static readonly Poll Instance = new();
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record Polled(IReadOnlyList<DueAlert> Rows, bool Truncated);

    private sealed record PollFailed(Exception Cause, DateTimeOffset PreviousPolledUntil);
}
