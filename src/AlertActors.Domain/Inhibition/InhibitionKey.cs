namespace AlertActors.Domain.Inhibition;

/// <summary>
/// What a firing source alert offers to inhibit: the index of the <see cref="InhibitRule"/> (in
/// <c>alertactors.inhibit</c>) whose source it matches and its values of that rule's <c>equal</c> fields
/// (<see cref="InhibitRule.EqualValuesOf"/>). <see cref="AlsoTarget"/>: the source matches that rule's target too;
/// Alertmanager does not let two such alerts inhibit each other.
/// </summary>
public sealed record InhibitionKey(int Rule, string EqualValues, bool AlsoTarget);
