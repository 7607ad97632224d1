using AlertActors.Domain;

namespace AlertActors.Configuration;

/// <summary>Tunables of the projection's <c>DueAlertScheduler</c> (HOCON <c>alertactors.scheduler</c>).</summary>
public sealed record DueAlertSchedulerSettings
{
    /// <summary>How often the read model is asked for alerts due within <see cref="Lookahead"/>.</summary>
    public TimeSpan PollInterval { get; init; } = ReferenceConfig.Duration("scheduler.poll-interval");

    /// <summary>How far ahead of now each poll reads due times (they are then woken from memory, on time).</summary>
    public TimeSpan Lookahead { get; init; } = ReferenceConfig.Duration("scheduler.lookahead");

    /// <summary>
    /// An alert still due this long after it was woken (its row unchanged) is woken again, and every this long the
    /// scheduler sweeps all overdue rows: what a lost wake, a crashed node or a lagging projection left behind.
    /// </summary>
    public TimeSpan RewakeAfter { get; init; } = ReferenceConfig.Duration("scheduler.rewake-after");

    /// <summary>
    /// How long before its due time an alert is woken. It recovers meanwhile and fires from its own timer on time,
    /// rather than late by a tick, the wake and its recovery. Shorter than the entity's passivate-idle-after, so the
    /// woken alert is still in memory when its timer fires.
    /// </summary>
    public TimeSpan WakeAhead { get; init; } = ReferenceConfig.Duration("scheduler.wake-ahead");

    /// <summary>How often due alerts are woken (the precision of a wake).</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Wakes sent per tick at most, so a long outage's backlog does not start every alert at once.</summary>
    public int MaxWakesPerTick { get; init; } = 500;

    /// <summary>
    /// A pending delivery makes its alert due this long after it was scheduled: a live alert finishes it itself well
    /// before; this resumes one whose node died or handed its shard off (alerts are not remembered entities).
    /// </summary>
    public TimeSpan DeliveryResumeAfter { get; init; } = ReferenceConfig.Duration("scheduler.delivery-resume-after");

    /// <summary>Rows one poll reads at most; a fuller window is read on the next poll.</summary>
    public int PollLimit { get; init; } = 10_000;

    /// <summary>
    /// These settings with a <see cref="WakeAhead"/> shorter than <paramref name="passivateIdleAfter"/>. The shipped
    /// wake-ahead (3s since 2026-11-30, 1s before) against a passivation that is not longer becomes half of it, so a
    /// configuration that was valid with the older default still starts. A wake-ahead set to another value is kept
    /// and recorded in <paramref name="problems"/>: the woken alert would leave memory before its timer fires.
    /// </summary>
    public DueAlertSchedulerSettings FittedTo(TimeSpan passivateIdleAfter, ConfigProblems problems)
    {
        if (WakeAhead < passivateIdleAfter)
            return this;
        if (WakeAhead == ReferenceConfig.Duration("scheduler.wake-ahead"))
            return this with { WakeAhead = passivateIdleAfter / 2 };
        problems.Add(
            $"alertactors.scheduler.wake-ahead: {DurationText.Format(WakeAhead)} must be shorter than "
                + $"alertactors.entity.passivate-idle-after ({DurationText.Format(passivateIdleAfter)}): a woken alert would leave memory before its timer fires"
        );
        return this;
    }
}
