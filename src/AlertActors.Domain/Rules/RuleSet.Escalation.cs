namespace AlertActors.Domain.Rules;

/// <summary>The routes of the rules' escalation steps (README "Escalation"), looked up when a step's call is
/// sent.</summary>
public sealed partial class RuleSet
{
    /// <summary>
    /// The route of escalation step <paramref name="step"/> (1-based) of rule <paramref name="ruleName"/> as configured
    /// now (the fallback rule's too); null when the rule or the step is gone, or the step names no route (its providers
    /// then route as the rule's alerts do).
    /// </summary>
    public AlertRoute? EscalationRouteOf(string ruleName, int step) =>
        _rulesByName.GetValueOrDefault(ruleName) is { } rule
            ? (step >= 1 && step <= rule.EscalationRoutes.Length ? rule.EscalationRoutes[step - 1] : null)
            : _fallback?.EscalationRouteOf(ruleName, step);
}
