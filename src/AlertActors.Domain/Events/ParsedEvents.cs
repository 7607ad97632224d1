namespace AlertActors.Domain.Events;

/// <summary>
/// The outcome of parsing a request or message: either every event is valid, or the list of every
/// problem found (each naming the item and field), in which case nothing may be processed.
/// </summary>
public sealed record ParsedEvents(IReadOnlyList<InfraEvent> Events, IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;

    public static ParsedEvents Invalid(params string[] problems) => new([], problems);
}
