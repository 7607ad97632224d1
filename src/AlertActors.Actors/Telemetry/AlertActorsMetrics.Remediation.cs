using System.Diagnostics.Metrics;

namespace AlertActors.Actors.Telemetry;

/// <summary>
/// <c>alertactors_remediation_attempts_total{rule, result}</c> (README "Remediation"): remediation calls answered (or
/// given up on) by the delivery layer, labelled with the rule's name and <c>resolved</c> or <c>failed</c>.
/// </summary>
public sealed partial class AlertActorsMetrics
{
    public const string RemediationResolved = "resolved";
    public const string RemediationFailed = "failed";

    private Counter<long>? _remediationAttempts;

    /// <summary>Counts one remediation attempt of rule <paramref name="rule"/> with <paramref name="result"/>
    /// (<see cref="RemediationResolved"/> or <see cref="RemediationFailed"/>).</summary>
    public void RemediationAttempt(string rule, string result) =>
        LazyInitializer
            .EnsureInitialized(
                ref _remediationAttempts,
                () =>
                    Meter.CreateCounter<long>(
                        "alertactors_remediation_attempts",
                        description: "Remediation attempts answered, by rule and result (resolved, failed)."
                    )
            )
            .Add(1, new("rule", rule), new("result", result));
}
