using System.Collections.Immutable;
using AlertActors.Domain.Notifications;
using static AlertActors.Domain.Alerts.AlertJournalEvents;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// Escalation (a rule's <c>escalation</c> steps, README "Escalation"): while the alert fires unacknowledged, step
/// <c>n</c> falls due <c>after</c> from when its first page of the firing period went out and notifies the step's
/// providers as an incident of its own (<see cref="EscalationKeys.IncidentKey"/>). Acknowledge and resolve end the
/// escalation (no step is due unless the alert fires) and reach every escalation incident the period opened. The due
/// time derives from journaled state alone, so recovery re-arms it and a step's <see cref="Escalated"/> and its
/// deliveries are one write: no step is lost or repeated by a restart.
/// </summary>
public sealed partial record AlertState
{
    /// <summary>When the escalation of this firing period counts from: its first page (a <see cref="Notified"/>);
    /// null before it, and in states journaled before escalation existed.</summary>
    public DateTimeOffset? EscalationStartedAt { get; init; }

    /// <summary>The escalation steps this firing period took, in order.</summary>
    public ImmutableList<Escalated> Escalations { get; init; } = [];

    /// <summary>A silence or a mute time interval holds the next step back until then
    /// (<see cref="EscalationSilenced"/>, <see cref="EscalationMuted"/>); null when none does.</summary>
    public DateTimeOffset? EscalationHeldUntil { get; init; }

    /// <summary>How many steps this firing period took (the last one's number).</summary>
    public int EscalationStepsTaken => Escalations.IsEmpty ? 0 : Escalations[^1].Step;

    /// <summary>When the next escalation step is due: firing (not acknowledged), paged, a step left; null
    /// otherwise. A grouped alert pages through its group and does not escalate by itself.</summary>
    private DateTimeOffset? EscalationDueAt() =>
        Status == AlertStatus.Firing
        && EscalationStartedAt is { } started
        && Group is null
        && InhibitedBy is null
        && EscalationStepsTaken < Policy.Escalation.Length
            ? Later(started + Policy.Escalation[EscalationStepsTaken].After, EscalationHeldUntil)
            : null;

    /// <summary>
    /// What every event means for the escalation besides its own change: a new firing period (<see cref="Fired"/>)
    /// starts it over, and its first page (<see cref="Notified"/>) starts its clock. While remediation runs the clock
    /// waits (README "Remediation"): with <c>page = immediately</c> it starts at the final failed attempt
    /// (<see cref="RemediationFailed"/>), with <c>page = after-remediation</c> at the page released then.
    /// </summary>
    private AlertState FollowEscalation(IAlertJournalEvent evt) =>
        evt switch
        {
            Fired => this with { EscalationStartedAt = null, Escalations = [], EscalationHeldUntil = null },
            Notified e when EscalationStartedAt is null && !RemediationRunning => this with
            {
                EscalationStartedAt = e.At,
            },
            RemediationFailed e when EscalationStartedAt is null && NotifiedThisPeriod => this with
            {
                EscalationStartedAt = e.At,
            },
            _ => this,
        };

    private AlertState ApplyEscalation(IAlertJournalEvent evt) =>
        evt switch
        {
            Escalated e => this with
            {
                Escalations = Escalations.Add(e),
                EscalationHeldUntil = null,
                Timeline = Timeline.Add(
                    new TimelineEntry(
                        e.At,
                        "escalated",
                        null,
                        $"escalated to step {e.Step}: {string.Join(", ", e.Targets.Select(t => t.Provider).Distinct())}"
                    )
                ),
            },
            EscalationSilenced e => EscalationHeld(e.At, e.Until, $"step {e.Step} held by silence {e.SilenceId}"),
            EscalationMuted e => EscalationHeld(e.At, e.Until, $"step {e.Step} muted by time interval {e.Interval}"),
            _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "not an escalation event"),
        };

    /// <summary>The next step waits until <paramref name="until"/>, with an <c>escalation held</c> timeline entry
    /// saying why.</summary>
    private AlertState EscalationHeld(DateTimeOffset at, DateTimeOffset until, string why) =>
        this with
        {
            EscalationHeldUntil = until,
            Timeline = Timeline.Add(
                new TimelineEntry(at, "escalation held", null, $"{why} until {Rfc3339.Format(until)}")
            ),
        };

    private sealed partial class Draft
    {
        /// <summary>The next escalation step: its trigger to each of its providers, unless a silence or a mute time
        /// interval of the route holds it back (then it is due again when the silence or the window ends).</summary>
        public void Escalate(DateTimeOffset now)
        {
            var step = State.EscalationStepsTaken + 1;
            if (silences?.ActiveFor(State, now) is { } silence)
            {
                if (State.EscalationHeldUntil != silence.EndsAt)
                    Add(new EscalationSilenced(now, step, silence.Id, silence.EndsAt));
                return;
            }
            if (mutes?.MutedAt(State, now) is { } mute)
            {
                if (State.EscalationHeldUntil != mute.Until)
                    Add(new EscalationMuted(now, step, mute.Interval, mute.Until));
                return;
            }
            var request = State.RequestFor(NotificationAction.Trigger, now, by: null, note: null) with
            {
                EscalationStep = step,
            };
            ImmutableArray<RoutingTarget> targets =
            [
                .. State
                    .Policy.Escalation[step - 1]
                    .Providers.Select(provider => new RoutingTarget(
                        provider,
                        routes?.TargetOf(provider, request),
                        request.Severity
                    )),
            ];
            Add(new Escalated(now, step, targets));
            foreach (var target in targets)
                Schedule(target.Provider, request with { Target = target.Target }, now);
        }

        /// <summary>Acknowledges or resolves (<paramref name="action"/>) every escalation incident the period opened,
        /// at the provider and target its trigger went to.</summary>
        public void EndEscalations(NotificationAction action, DateTimeOffset now, string? by, string? note)
        {
            if (State.Escalations.IsEmpty)
                return;
            var request = State.RequestFor(action, now, by, note);
            foreach (var escalated in State.Escalations)
            foreach (var target in escalated.Targets)
                Schedule(
                    target.Provider,
                    request with
                    {
                        EscalationStep = escalated.Step,
                        Target = target.Target,
                    },
                    now
                );
        }

        private void Schedule(string provider, NotificationRequest request, DateTimeOffset now) =>
            Add(new DeliveryScheduled(new OutboxDelivery(State.NextDeliveryNumber, provider, request, now)));
    }
}
