using System.Collections.Immutable;
using AlertActors.Domain.Alerts;
using AlertActors.Domain.Events;
using AlertActors.Domain.Rules;

namespace AlertActors.Domain.Inhibition;

/// <summary>
/// One entry of <c>alertactors.inhibit</c> (Prometheus Alertmanager's <c>inhibit_rules</c>): while an alert that
/// matches <see cref="Source"/> fires, an alert that matches <see cref="Target"/> and has the same values on every
/// <see cref="Equal"/> field is inhibited. The conditions are those of rules (<c>match { all|any = [...] }</c>),
/// evaluated over the alert as an event (<see cref="AlertAsEvent"/>); <see cref="Equal"/> names event fields and
/// <c>data.*</c> paths (an Alertmanager label <c>site</c> is <c>data.labels.site</c>); a field an alert lacks reads as
/// "" (Alertmanager: a missing label equals an empty one).
/// </summary>
public sealed record InhibitRule(ICondition Source, ICondition Target, ImmutableArray<string> Equal)
{
    /// <summary>The values of <see cref="Equal"/> of <paramref name="alert"/>, joined unambiguously.</summary>
    public string EqualValuesOf(InfraEvent alert) =>
        string.Join('\u001f', Equal.Select(field => EventFields.Text(alert, field).Replace("\u001f", "\u001f\u001f")));
}
