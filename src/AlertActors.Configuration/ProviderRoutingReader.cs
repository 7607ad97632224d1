using System.Collections.Immutable;
using Akka.Configuration;
using AlertActors.Domain.Events;
using AlertActors.Notifications.OpsGenie;
using AlertActors.Notifications.PagerDuty;

namespace AlertActors.Configuration;

/// <summary>
/// Provider-level routing and severity maps (<c>pagerduty.routing</c>, <c>pagerduty.severity-map</c>,
/// <c>opsgenie.routing</c>, <c>opsgenie.priority-map</c>); every mistake names the key. Keys are never echoed.
/// </summary>
public static class ProviderRoutingReader
{
    private static readonly IReadOnlySet<string> Priorities = new HashSet<string> { "P1", "P2", "P3", "P4", "P5" };

    public static PagerDutyOptions WithRouting(PagerDutyOptions options, Config root) =>
        options with
        {
            SeverityMap = SeverityKeyed(
                root,
                "pagerduty.severity-map",
                options.SeverityMap,
                value =>
                    PagerDutyOptions.PagerDutySeverities.Contains(value)
                        ? null
                        : "is not one of critical, error, warning, info"
            ),
            RoutingKeysByTenant = Strings(root, "pagerduty.routing.by-tenant"),
            RoutingKeysBySeverity = SeverityKeyed(
                root,
                "pagerduty.routing.by-severity",
                new Dictionary<Severity, string>(),
                _ => null
            ),
        };

    public static OpsGenieOptions WithRouting(OpsGenieOptions options, Config root) =>
        options with
        {
            PriorityMap = SeverityKeyed(
                root,
                "opsgenie.priority-map",
                options.PriorityMap,
                value => Priorities.Contains(value) ? null : "is not one of P1, P2, P3, P4, P5"
            ),
            RespondersByTenant = Lists(root, "opsgenie.routing.by-tenant").ToDictionary(kv => kv.Key, kv => kv.Value),
            RespondersBySeverity = Lists(root, "opsgenie.routing.by-severity")
                .ToDictionary(kv => ParseSeverity(kv.Key, "opsgenie.routing.by-severity"), kv => kv.Value),
        };

    private static IReadOnlyDictionary<Severity, string> SeverityKeyed(
        Config root,
        string key,
        IReadOnlyDictionary<Severity, string> defaults,
        Func<string, string?> check
    )
    {
        var map = defaults.ToDictionary(kv => kv.Key, kv => kv.Value);
        foreach (var (name, value) in Strings(root, key))
        {
            var severity = ParseSeverity(name, key);
            if (check(value) is { } problem)
                throw new ConfigurationException($"alertactors.{key}.{name}: \"{value}\" {problem}");
            map[severity] = value;
        }
        return map;
    }

    private static Severity ParseSeverity(string name, string key) =>
        SeverityNames.TryParse(name, out var severity)
            ? severity
            : throw new ConfigurationException(
                $"alertactors.{key}.{name}: not a severity; use one of {string.Join(", ", SeverityNames.All)}"
            );

    private static IReadOnlyDictionary<string, string> Strings(Config root, string key) =>
        !root.HasPath(key)
            ? new Dictionary<string, string>()
            : root.GetConfig(key).AsEnumerable().ToDictionary(kv => Unquote(kv.Key), kv => kv.Value.GetString().Trim());

    private static IEnumerable<KeyValuePair<string, ImmutableArray<string>>> Lists(Config root, string key) =>
        !root.HasPath(key)
            ? []
            : root.GetConfig(key)
                .AsEnumerable()
                .Select(kv => new KeyValuePair<string, ImmutableArray<string>>(
                    Unquote(kv.Key),
                    [.. kv.Value.GetStringList().Select(v => v.Trim()).Where(v => v.Length > 0)]
                ));

    private static string Unquote(string key) => key.Trim('"');
}
