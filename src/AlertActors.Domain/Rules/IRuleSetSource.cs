namespace AlertActors.Domain.Rules;

/// <summary>
/// The rule set in force on this node now: the rules of the configuration file plus the rules managed through the API
/// (README "Rules through the API"). The ingest reads it for every event and the providers for every notification's
/// route, so a rule changed through the API applies to the next event and the next notification; reads never block.
/// </summary>
public interface IRuleSetSource
{
    /// <summary>The current effective rule set (never null; replaced as a whole when a rule changes).</summary>
    RuleSet Current { get; }
}
