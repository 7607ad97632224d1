using AlertActors.Domain.Reports;

namespace AlertActors.Projection;

using static ReadStoreDatabase;

/// <summary>The firing periods of alerts (table <c>firing_period</c>, <see cref="FiringPeriodTable"/>): what incident
/// response reports read.</summary>
public sealed partial class AlertReadStore
{
    /// <summary>
    /// Every firing period that fired in [<paramref name="since"/>, <paramref name="until"/>), of
    /// <paramref name="tenants"/> only when not null (an API token's scope), in no particular order.
    /// </summary>
    public async Task<IReadOnlyList<FiringPeriodRecord>> ListFiringPeriodsAsync(
        DateTimeOffset since,
        DateTimeOffset until,
        IReadOnlyCollection<string>? tenants,
        CancellationToken cancellationToken = default
    )
    {
        var where =
            "fired_at >= @since AND fired_at < @until" + (tenants is null ? "" : " AND " + TenantsFilter(tenants));
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var periods = await FiringPeriodTable
            .ReadAsync(
                connection,
                transaction,
                where,
                command =>
                {
                    Add(command, "since", since.ToUnixTimeMilliseconds());
                    Add(command, "until", until.ToUnixTimeMilliseconds());
                    if (tenants is not null)
                        AddTenants(command, tenants);
                },
                cancellationToken
            )
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return periods;
    }

    /// <summary>The stored firing period <paramref name="period"/> of <paramref name="dedupKey"/>, or null.</summary>
    public async Task<FiringPeriodRecord?> LoadFiringPeriodAsync(
        string dedupKey,
        int period,
        CancellationToken cancellationToken = default
    )
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await BeginReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var found = await FiringPeriodTable
            .ReadAsync(
                connection,
                transaction,
                "dedup_key = @key AND period = @period",
                command =>
                {
                    Add(command, "key", dedupKey);
                    Add(command, "period", period);
                },
                cancellationToken
            )
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found.FirstOrDefault();
    }
}
