using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;
using static AlertActors.Domain.Alerts.AlertJournalEvents;

namespace AlertActors.Domain.Alerts;

/// <summary>
/// Remediation (a rule's <c>remediation { }</c>, README "Remediation"): when the alert fires, the decision that fires
/// it schedules attempt 1 as an outbox delivery to the <see cref="ProviderNames.Remediation"/> endpoint; with
/// <c>page = after-remediation</c> the trigger notifications are held (<see cref="HeldForRemediation"/>). A success
/// resolves the alert (held triggers are dropped, never sent); a failure schedules the next attempt in the same write,
/// and after the last one the held page is released (through silences, mutes, inhibition and the throttle, which hold
/// a page but not an attempt). An acknowledge or resolve cancels what is left; a new firing period starts anew.
/// </summary>
public sealed partial record AlertState
{
    /// <summary>The <c>by</c> of a resolve made by a successful remediation attempt (its <c>via</c> is
    /// <see cref="ChangeVia.Remediation"/>).</summary>
    public const string RemediationResolver = "remediation";

    private const string Running = "running";

    /// <summary>True while the trigger notifications of this firing period wait for remediation
    /// (<c>page = after-remediation</c>).</summary>
    public bool HeldForRemediation { get; init; }

    /// <summary>Remediation attempts answered in this firing period (0 before the first answer, or without
    /// remediation).</summary>
    public int RemediationAttempts { get; init; }

    /// <summary>How this period's remediation stands: <c>running</c>, <c>resolved</c>, <c>failed</c>,
    /// <c>cancelled</c>; null when it has none.</summary>
    public string? RemediationStatus { get; init; }

    /// <summary>The latest attempt's answer (the endpoint's <c>detail</c>, the HTTP status or the error), or
    /// null.</summary>
    public string? RemediationDetail { get; init; }

    private AlertState ApplyRemediation(IAlertJournalEvent evt) =>
        evt switch
        {
            RemediationStarted e => this with
            {
                HeldForRemediation = e.PageHeld,
                RemediationAttempts = 0,
                RemediationStatus = Running,
                RemediationDetail = null,
                Timeline = Timeline.Add(
                    new TimelineEntry(
                        e.At,
                        "remediation",
                        null,
                        $"remediation started (at most {e.MaxAttempts} attempt(s)); "
                            + (e.PageHeld ? "the page is held until it fails" : "paged at once")
                    )
                ),
            },
            RemediationAttempted e => this with
            {
                RemediationAttempts = e.Attempt,
                RemediationStatus = e.Succeeded ? "resolved" : RemediationStatus,
                RemediationDetail = e.Detail,
                // A success drops the held triggers: nobody is paged.
                HeldForRemediation = !e.Succeeded && HeldForRemediation,
                Timeline = Timeline.Add(
                    new TimelineEntry(
                        e.At,
                        "remediation",
                        null,
                        $"remediation attempt {e.Attempt} of {e.MaxAttempts} "
                            + (e.Succeeded ? "resolved the alert" : "failed")
                            + (string.IsNullOrEmpty(e.Detail) ? "" : $": {e.Detail}")
                    )
                ),
            },
            RemediationFailed e => this with
            {
                HeldForRemediation = false,
                RemediationStatus = "failed",
                Timeline = Timeline.Add(
                    new TimelineEntry(e.At, "remediation", null, $"remediation failed after {e.Attempts} attempt(s)")
                ),
            },
            RemediationCancelled e => this with
            {
                HeldForRemediation = false,
                RemediationStatus = "cancelled",
                Deliveries = Deliveries.ConvertAll(d =>
                    d.IsPending && d.Provider == ProviderNames.Remediation
                        ? d with
                        {
                            Status = DeliveryStatus.Cancelled,
                            CompletedAt = e.At,
                            Detail = $"cancelled: the alert was {e.Reason}",
                        }
                        : d
                ),
                Timeline = Timeline.Add(
                    new TimelineEntry(e.At, "remediation", null, $"remediation cancelled: the alert was {e.Reason}")
                ),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(evt), evt.GetType().Name, "not a remediation event"),
        };

    /// <summary>True while this period's remediation has neither succeeded, failed nor been cancelled: the escalation
    /// clock waits for it.</summary>
    private bool RemediationRunning => RemediationStatus == Running;

    /// <summary>True while a remediation attempt of this alert waits to be sent or answered.</summary>
    public bool RemediationPending => Deliveries.Any(d => d.IsPending && d.Provider == ProviderNames.Remediation);

    /// <summary>The outcome of remediation attempt <paramref name="delivery"/>: recorded with what follows from it in
    /// one write (see <see cref="RemediationAttempted"/>).</summary>
    private static void DecideRemediationOutcome(
        Draft draft,
        OutboxDelivery delivery,
        DeliveryOutcome outcome,
        DateTimeOffset now
    )
    {
        var call = delivery.Request.Remediation ?? new RemediationCall(1, 1, RemediationPolicy.DefaultTimeout, now);
        var succeeded = outcome.Kind == DeliveryOutcomeKind.Delivered;
        var detail = outcome.Detail;
        draft.Add(new RemediationAttempted(call.Attempt, call.MaxAttempts, succeeded, detail, now));
        draft.Add(
            new DeliveryCompleted(
                delivery.Number,
                now,
                succeeded ? DeliveryStatus.Delivered : DeliveryStatus.Failed,
                detail
            )
        );
        if (draft.State.Status != AlertStatus.Firing)
            return;
        if (succeeded)
        {
            draft.Resolve(now, RemediationResolver, $"remediation attempt {call.Attempt} resolved it");
            return;
        }
        if (call.Attempt < call.MaxAttempts)
        {
            draft.ScheduleRemediationAttempt(call with { Attempt = call.Attempt + 1 }, now);
            return;
        }
        var held = draft.State.HeldForRemediation;
        draft.Add(new RemediationFailed(now, call.Attempt));
        if (held)
            draft.NotifyOrThrottle(now, "remediation failed");
    }

    private sealed partial class Draft
    {
        /// <summary>
        /// When the alert fires and its rule has remediation: attempt 1 is scheduled; true when the page is held for it
        /// (<c>page = after-remediation</c>), false when the trigger goes out now (no remediation, or
        /// <c>immediately</c>).
        /// </summary>
        public bool StartRemediation(DateTimeOffset now)
        {
            if (State.Policy.Remediation is not { } policy)
                return false;
            var held = policy.Page == RemediationPage.AfterRemediation;
            Add(new RemediationStarted(now, policy.MaxAttempts, held));
            ScheduleRemediationAttempt(new RemediationCall(1, policy.MaxAttempts, policy.Timeout, now), now);
            return held;
        }

        /// <summary>One attempt: a delivery of the alert to the <see cref="ProviderNames.Remediation"/>
        /// endpoint.</summary>
        public void ScheduleRemediationAttempt(RemediationCall call, DateTimeOffset now)
        {
            var request = State.RequestFor(NotificationAction.Trigger, now, by: null, note: null) with
            {
                Remediation = call,
            };
            Add(
                new DeliveryScheduled(
                    new OutboxDelivery(State.NextDeliveryNumber, ProviderNames.Remediation, request, now)
                )
            );
        }

        /// <summary>An acknowledge or resolve cancels the attempts not yet answered and drops a held page.</summary>
        public void CancelRemediation(DateTimeOffset now, string reason)
        {
            if (State.HeldForRemediation || State.RemediationPending)
                Add(new RemediationCancelled(now, reason));
        }
    }
}
