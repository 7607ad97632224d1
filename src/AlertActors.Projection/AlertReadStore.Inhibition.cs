using AlertActors.Domain.Alerts;

namespace AlertActors.Projection;

using static ReadStoreDatabase;

/// <summary>What inhibition reads: the firing alerts (the sources the registry rebuilds its set from, and the targets
/// a resolved source held back).</summary>
public sealed partial class AlertReadStore
{
    /// <summary>Every firing or acknowledged alert, as the read model holds it.</summary>
    public async Task<IReadOnlyList<AlertState>> ListFiringAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(
            connection,
            "SELECT state_json FROM alert_list WHERE status IN (@firing, @acknowledged)"
        );
        Add(command, "firing", AlertStatus.Firing.ToName());
        Add(command, "acknowledged", AlertStatus.Acknowledged.ToName());
        var alerts = new List<AlertState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            alerts.Add(Deserialize(reader.GetString(0)));
        return alerts;
    }

    /// <summary>The dedup keys of the firing alerts whose owed notification one of <paramref name="sources"/>
    /// inhibits.</summary>
    public async Task<IReadOnlyList<string>> ListInhibitedByAsync(
        IReadOnlyCollection<string> sources,
        CancellationToken cancellationToken = default
    )
    {
        var firing = await ListFiringAsync(cancellationToken).ConfigureAwait(false);
        return firing
            .Where(alert => alert.InhibitedBy is { } by && sources.Contains(by, StringComparer.Ordinal))
            .Select(alert => alert.DedupKey)
            .ToList();
    }
}
