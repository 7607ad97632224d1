using System.Collections.Immutable;

namespace AlertActors.Domain.Rules;

/// <summary>
/// How an alert behaves over time (<c>alertactors.defaults</c> and a rule's overrides): when it fires, how often it may
/// notify, when it repeats and when it resolves itself. <see cref="TimeSpan.Zero"/> means "never" / "unlimited".
/// </summary>
public sealed record AlertPolicy(
    int ThresholdCount,
    TimeSpan ThresholdWindow,
    TimeSpan Cooldown,
    int MaxPerHour,
    TimeSpan RepeatInterval,
    TimeSpan AutoResolveAfter
)
{
    /// <summary>The rule's remediation (README "Remediation"); null: the alert pages without calling one.</summary>
    public RemediationPolicy? Remediation { get; init; }

    /// <summary>The rule's escalation steps (README "Escalation"), in order of <see cref="EscalationStep.After"/>;
    /// empty: the alert does not escalate.</summary>
    public ImmutableArray<EscalationStep> Escalation { get; init; } = [];

    /// <summary>Value equality, over the escalation steps and the remediation too (ImmutableArray compares by
    /// reference).</summary>
    public bool Equals(AlertPolicy? other) =>
        other is not null
        && (ThresholdCount, ThresholdWindow, Cooldown, MaxPerHour, RepeatInterval, AutoResolveAfter)
            == (
                other.ThresholdCount,
                other.ThresholdWindow,
                other.Cooldown,
                other.MaxPerHour,
                other.RepeatInterval,
                other.AutoResolveAfter
            )
        && Escalation.SequenceEqual(other.Escalation)
        && Remediation == other.Remediation;

    public override int GetHashCode() =>
        HashCode.Combine(ThresholdCount, ThresholdWindow, Cooldown, MaxPerHour, RepeatInterval, AutoResolveAfter);

    public static readonly AlertPolicy Default = new(
        ThresholdCount: 1,
        ThresholdWindow: TimeSpan.FromMinutes(1),
        Cooldown: TimeSpan.FromMinutes(5),
        MaxPerHour: 12,
        RepeatInterval: TimeSpan.FromHours(4),
        AutoResolveAfter: TimeSpan.FromMinutes(30)
    );
}
