using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.ApiRules;

/// <summary>Messages to the rule registry (a cluster singleton, so they may cross the wire).</summary>
public interface IApiRuleCommand : IAlertMessage;

public static class ApiRuleCommands
{
    /// <summary>
    /// Store an already validated rule (create, or replace the rule of that name). With <paramref name="CreateOnly"/>
    /// an existing rule is not replaced. Replies <see cref="ApiRuleReplies.Stored"/> or
    /// <see cref="ApiRuleReplies.Rejected"/> (the name is taken and <paramref name="CreateOnly"/> is set).
    /// </summary>
    public sealed record StoreRule(string Name, string Definition, string By, bool CreateOnly = false)
        : IApiRuleCommand;

    /// <summary>Delete a rule. Replies <see cref="ApiRuleReplies.Deleted"/> or
    /// <see cref="ApiRuleReplies.NotFound"/>.</summary>
    public sealed record DeleteRule(string Name, string By) : IApiRuleCommand;

    /// <summary>Replies with the registry's whole <see cref="ApiRuleSet"/>.</summary>
    public sealed record GetApiRules : IApiRuleCommand
    {
        public static readonly GetApiRules Instance = new();
    }
}

public static class ApiRuleReplies
{
    /// <summary>The rule as stored (with its new revision); <paramref name="Created"/> when no rule had the
    /// name.</summary>
    public sealed record Stored(ApiRule Rule, bool Created) : IAlertMessage;

    /// <summary>The rule was deleted; <paramref name="Rule"/> is what it was.</summary>
    public sealed record Deleted(ApiRule Rule, long Revision) : IAlertMessage;

    public sealed record NotFound(string Name) : IAlertMessage;

    public sealed record Rejected(string Reason) : IAlertMessage;
}
