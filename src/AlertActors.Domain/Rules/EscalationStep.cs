using System.Collections.Immutable;

namespace AlertActors.Domain.Rules;

/// <summary>
/// One step of a rule's escalation (<c>escalation = [ { after = 15m, notify { providers, route } } ]</c>, README
/// "Escalation"): while the alert fires unacknowledged, <see cref="After"/> from its first page, its trigger goes to
/// <see cref="Providers"/> as a further incident. Journaled with the alert's policy, so it holds no secret: the
/// step's route (which may name a PagerDuty routing key) stays in the configuration
/// (<see cref="AlertRule.EscalationRoutes"/>, <see cref="RuleSet.EscalationRouteOf"/>).
/// </summary>
/// <param name="After">From the alert's first page of its firing period; more than zero, and more than the previous
/// step's.</param>
/// <param name="Providers">The providers the step notifies (pagerduty, opsgenie, webhook, slack), at least one.</param>
public sealed record EscalationStep(TimeSpan After, ImmutableArray<string> Providers)
{
    /// <summary>Value equality over the providers (ImmutableArray compares by reference).</summary>
    public bool Equals(EscalationStep? other) =>
        other is not null && After == other.After && Providers.SequenceEqual(other.Providers);

    public override int GetHashCode() => HashCode.Combine(After, Providers.Length);
}
