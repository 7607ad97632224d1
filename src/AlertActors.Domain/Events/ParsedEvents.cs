namespace AlertActors.Domain.Events;

/// <summary>
/// The outcome of parsing a request or message: either every event is valid, or the list of every
/// problem found (each naming the item and field), in which case nothing may be processed. The one exception is an
/// input whose sender drops a refused body as final (an Alertmanager webhook, <see cref="AlertmanagerWebhook"/>): it
/// returns its valid events beside the problems of the others, and <see cref="Refused"/> counts the items refused.
/// </summary>
/// <param name="Refused">Items refused while <see cref="Events"/> holds the valid rest (0 otherwise).</param>
public sealed record ParsedEvents(IReadOnlyList<InfraEvent> Events, IReadOnlyList<string> Problems, int Refused = 0)
{
    /// <summary>No problem: every item became an event.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>Some items were refused and the valid rest may be processed (<see cref="Refused"/> of them
    /// refused).</summary>
    public bool IsPartial => Problems.Count > 0 && Events.Count > 0;

    public static ParsedEvents Invalid(params string[] problems) => new([], problems);
}
