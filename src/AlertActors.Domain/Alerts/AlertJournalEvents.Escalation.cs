using System.Collections.Immutable;
using AlertActors.Domain.Notifications;

namespace AlertActors.Domain.Alerts;

public static partial class AlertJournalEvents
{
    /// <summary>
    /// Escalation step <paramref name="Step"/> (from 1) went out (README "Escalation"): its trigger deliveries follow
    /// in the same write, one per entry of <paramref name="Targets"/> (each provider of the step and the routing
    /// target its trigger went to, never a key), which the alert's acknowledgement and resolve reach too.
    /// </summary>
    public sealed record Escalated(DateTimeOffset At, int Step, ImmutableArray<RoutingTarget> Targets)
        : IAlertJournalEvent
    {
        /// <summary>Value equality over the targets (ImmutableArray compares by reference).</summary>
        public bool Equals(Escalated? other) =>
            other is not null && At == other.At && Step == other.Step && Targets.SequenceEqual(other.Targets);

        public override int GetHashCode() => HashCode.Combine(At, Step, Targets.Length);
    }

    /// <summary>A silence held escalation step <paramref name="Step"/> back when it fell due: it goes out when the
    /// silence ends (<paramref name="Until"/>) if the alert still fires unacknowledged.</summary>
    public sealed record EscalationSilenced(DateTimeOffset At, int Step, string SilenceId, DateTimeOffset Until)
        : IAlertJournalEvent;

    /// <summary>A mute time interval of the alert's route (<c>route.mute-during</c>, <paramref name="Interval"/>) held
    /// escalation step <paramref name="Step"/> back when it fell due: it goes out at the window's end
    /// (<paramref name="Until"/>) if the alert still fires unacknowledged, as a muted first page does.</summary>
    public sealed record EscalationMuted(DateTimeOffset At, int Step, string Interval, DateTimeOffset Until)
        : IAlertJournalEvent;
}
