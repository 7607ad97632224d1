using AlertActors.Domain.Alerts;

namespace AlertActors.Domain.Silences;

/// <summary>The silences in force, as this node knows them (a read-only view; never blocks).</summary>
public interface ISilenceLookup
{
    /// <summary>The active silence that matches the alert and ends last, or null.</summary>
    Silence? ActiveFor(AlertState alert, DateTimeOffset now);
}

/// <summary>No silences at all (tests, and nodes before the first silence list arrives).</summary>
public sealed class NoSilences : ISilenceLookup
{
    public static readonly NoSilences Instance = new();

    public Silence? ActiveFor(AlertState alert, DateTimeOffset now) => null;
}
