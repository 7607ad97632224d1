using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.ApiRules;

/// <summary>Events the rule registry persists (manifests <c>rule.*</c>). Each carries its own time, so replay is
/// deterministic; the change's revision is its journal sequence number.</summary>
public interface IApiRuleJournalEvent : IAlertMessage;

public static class ApiRuleJournalEvents
{
    /// <summary>A rule was created or replaced with <paramref name="Definition"/> (a validated JSON object
    /// text).</summary>
    public sealed record RuleStored(string Name, string Definition, string By, DateTimeOffset At)
        : IApiRuleJournalEvent;

    /// <summary>A rule was deleted.</summary>
    public sealed record RuleDeleted(string Name, string By, DateTimeOffset At) : IApiRuleJournalEvent;
}
