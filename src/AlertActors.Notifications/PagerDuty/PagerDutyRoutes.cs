using System.Security.Cryptography;
using System.Text;
using AlertActors.Domain.Events;
using AlertActors.Domain.Notifications;
using AlertActors.Domain.Rules;

namespace AlertActors.Notifications.PagerDuty;

/// <summary>
/// Which routing key (integration key, i.e. which PagerDuty service) a call goes to. Routing now: the rule's key, else
/// the tenant's, else the severity's, else the default. A call with a routing target
/// (<see cref="NotificationRequest.Target"/>, pinned by the alert's firing period) goes to that target's key whatever
/// the routing now says, as long as that key is still configured anywhere (default, by-tenant, by-severity or a rule);
/// otherwise it is routed now. A target is <c>{route}#{fingerprint}</c>, e.g.
/// <c>severity:critical#1a2b3c4d5e6f7a8b</c>: the route that chose the key and the first 16 hex digits of the key's
/// SHA-256, so neither the journal nor the API ever holds a key. A rule's route is read from the rule set in force at
/// send time; only configuration rules hold routing keys (a rule stored through the API may not), so the keys known
/// are fixed when the node starts.
/// </summary>
public sealed class PagerDutyRoutes
{
    private readonly PagerDutyOptions _options;
    private readonly IRuleSetSource _rules;
    private readonly Dictionary<string, string> _keysByFingerprint = new(StringComparer.Ordinal);

    public PagerDutyRoutes(PagerDutyOptions options, IRuleSetSource rules)
    {
        _options = options;
        _rules = rules;
        var keys = new[] { options.RoutingKey }
            .Concat(options.RoutingKeysByTenant.Values)
            .Concat(options.RoutingKeysBySeverity.Values)
            .Concat(rules.Current.Rules.Select(r => r.Route.PagerDutyRoutingKey ?? ""))
            .Concat(rules.Current.Rules.SelectMany(r => r.EscalationRoutes).Select(r => r.PagerDutyRoutingKey ?? ""));
        foreach (var key in keys.Where(k => k.Length > 0))
            _keysByFingerprint[Fingerprint(key)] = key;
    }

    /// <summary>The route that would take <paramref name="request"/> now, and its key (empty = dry-run). An escalation
    /// step's call goes to the step's routing key (route <c>rule:&lt;rule&gt;/escalation-&lt;step&gt;</c>), else where
    /// the rule's alerts go.</summary>
    public (string Route, string Key) RouteOf(NotificationRequest request)
    {
        if (
            request.EscalationStep is { } step
            && _rules.Current.EscalationRouteOf(request.Rule, step)?.PagerDutyRoutingKey is { Length: > 0 } stepKey
        )
            return ($"rule:{request.Rule}/escalation-{step}", stepKey);
        if (_rules.Current.RouteOf(request.Rule).PagerDutyRoutingKey is { Length: > 0 } ruleKey)
            return ($"rule:{request.Rule}", ruleKey);
        if (_options.RoutingKeysByTenant.GetValueOrDefault(request.Tenant) is { Length: > 0 } tenantKey)
            return ($"tenant:{request.Tenant}", tenantKey);
        if (_options.RoutingKeysBySeverity.GetValueOrDefault(request.Severity) is { Length: > 0 } severityKey)
            return ($"severity:{request.Severity.ToName()}", severityKey);
        return ("default", _options.RoutingKey);
    }

    /// <summary>The routing target <paramref name="request"/> would go to now; null in dry-run (no key).</summary>
    public string? TargetOf(NotificationRequest request)
    {
        var (route, key) = RouteOf(request);
        return key.Length == 0 ? null : $"{route}#{Fingerprint(key)}";
    }

    /// <summary>The key of a pinned target, or null when no configured key has its fingerprint any more.</summary>
    public string? KeyOfTarget(string target) =>
        _keysByFingerprint.GetValueOrDefault(target[(target.LastIndexOf('#') + 1)..]);

    /// <summary>The key <paramref name="request"/> is sent with: its pinned target's while configured, else the route's
    /// now.</summary>
    public string KeyFor(NotificationRequest request) =>
        request.Target is { } target && KeyOfTarget(target) is { } pinned ? pinned : RouteOf(request).Key;

    /// <summary>First 16 hex digits of the key's SHA-256: names a key without revealing it.</summary>
    public static string Fingerprint(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
}
