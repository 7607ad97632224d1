using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.Inhibition;

/// <summary>What inhibits an alert, as this node knows it (a read-only view; never blocks).</summary>
public interface IInhibitionLookup
{
    /// <summary>The firing alert that inhibits <paramref name="alert"/>, or none; or
    /// <see cref="InhibitionCheck.Unknown"/> while this node does not know the firing sources yet (just
    /// started).</summary>
    InhibitionCheck Check(AlertState alert);
}

/// <summary>
/// The verdict of <see cref="IInhibitionLookup.Check"/>: <see cref="Known"/> false while the node does not know the
/// firing sources yet; otherwise <see cref="InhibitedBy"/> is the dedup key of the inhibiting alert, or null.
/// </summary>
public readonly record struct InhibitionCheck(bool Known, string? InhibitedBy)
{
    public static readonly InhibitionCheck Unknown = new(false, null);
    public static readonly InhibitionCheck NotInhibited = new(true, null);
}

/// <summary>No inhibit rules (the default configuration, and tests): nothing is ever inhibited.</summary>
public sealed class NoInhibition : IInhibitionLookup
{
    public static readonly NoInhibition Instance = new();

    public InhibitionCheck Check(AlertState alert) => InhibitionCheck.NotInhibited;
}
