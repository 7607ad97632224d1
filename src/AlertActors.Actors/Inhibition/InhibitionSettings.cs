namespace AlertActors.Actors.Inhibition;

/// <summary>Tunables of the inhibition registry and of each node's copy.</summary>
public sealed record InhibitionSettings
{
    /// <summary>How often each node asks the registry for the whole set (heals a missed publish).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the registry rebuilds the set from the read store's firing alerts (heals a registration lost
    /// in transit, e.g. while the singleton moved), and how soon it retries a failed load.</summary>
    public TimeSpan ReloadInterval { get; init; } = TimeSpan.FromMinutes(1);
}
